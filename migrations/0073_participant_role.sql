-- +goose Up
-- The heads of an event's delegations, read whole by the console's list of
-- delegations: without this index each read scanned every participant.
CREATE INDEX participants_role_idx ON participants (event_id, role);

-- +goose Down
DROP INDEX participants_role_idx;
