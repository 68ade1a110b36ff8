-- +goose Up
-- A narrower scan row and fewer indexes to maintain per scan, so that a scan
-- writes little more WAL than a plain INSERT.
-- The answer to a repeated scan_id is rebuilt from the stored fields: the
-- message when it is not the verdict's own (exit, suspended, other event) and
-- the badge's status as judged, instead of the whole response.
ALTER TABLE scans ADD COLUMN note TEXT;
ALTER TABLE scans ADD COLUMN badge_status TEXT;
-- The event-local date of scanned_at, for attendance by day.
ALTER TABLE scans ADD COLUMN day TEXT;
ALTER TABLE scans DROP COLUMN response;

-- When the holder first entered the zone: "arrived" is read from presence
-- (one row per participant and zone) instead of searching the scans.
ALTER TABLE presence ADD COLUMN first_in_at TIMESTAMP;
UPDATE presence SET first_in_at = (SELECT MIN(s.scanned_at) FROM scans s
    WHERE s.event_id = presence.event_id AND s.participant_id = presence.participant_id
      AND s.zone_id = presence.zone_id AND s.direction = 'in' AND s.verdict IN ('ok', 'already_inside'));

-- Presence changes only its inside flag and times: with no index on them the
-- update stays a heap-only tuple update.
DROP INDEX presence_event_inside_idx;
DROP INDEX scans_event_participant_idx;
-- Conflicts are rare: index only them.
DROP INDEX scans_conflict_idx;
CREATE INDEX scans_conflict_idx ON scans (event_id, scanned_at) WHERE conflict;

-- +goose Down
DROP INDEX scans_conflict_idx;
CREATE INDEX scans_conflict_idx ON scans (event_id, conflict);
CREATE INDEX scans_event_participant_idx ON scans (event_id, participant_id);
CREATE INDEX presence_event_inside_idx ON presence (event_id, inside);
ALTER TABLE presence DROP COLUMN first_in_at;
ALTER TABLE scans ADD COLUMN response TEXT NOT NULL DEFAULT '';
ALTER TABLE scans DROP COLUMN day;
ALTER TABLE scans DROP COLUMN badge_status;
ALTER TABLE scans DROP COLUMN note;
