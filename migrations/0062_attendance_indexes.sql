-- +goose Up
-- Attendance and the RSVP summary count participants by delegation, category
-- and status: an index-only scan, already in group order.
CREATE INDEX participants_tally_idx ON participants (event_id, delegation_id, category_id, status);
-- Scans recorded before scans kept their event-local day: none are recorded
-- any more, so this index stays empty and costs a scan nothing, and the
-- attendance report finds that there are none without reading every scan.
CREATE INDEX scans_undated_idx ON scans (event_id) WHERE day IS NULL;

-- +goose Down
DROP INDEX scans_undated_idx;
DROP INDEX participants_tally_idx;
