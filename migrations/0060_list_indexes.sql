-- +goose Up
-- Indexes that answer the Secretariat's lists and reports from the index
-- alone over 100,000 participants: each list's filter followed by its order
-- (created_at, id), so that a page is an index range read up to its LIMIT and
-- the next page a keyset cursor into the same range; the total is counted on
-- the same narrow index.
DROP INDEX participants_event_idx;
DROP INDEX participants_delegation_idx;
CREATE INDEX participants_event_created_idx ON participants (event_id, created_at, id);
CREATE INDEX participants_event_status_created_idx ON participants (event_id, status, created_at, id);
CREATE INDEX participants_delegation_created_idx ON participants (delegation_id, created_at, id);

-- +goose Down
DROP INDEX participants_delegation_created_idx;
DROP INDEX participants_event_status_created_idx;
DROP INDEX participants_event_created_idx;
CREATE INDEX participants_delegation_idx ON participants (delegation_id);
CREATE INDEX participants_event_idx ON participants (event_id, status);
