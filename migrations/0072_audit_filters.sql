-- +goose Up
-- The console's audit log lists an event's entries, or one person's, newest
-- first, a page at a time: each filter followed by the order, so that a page
-- is an index range read up to its LIMIT (the log only grows, by every change
-- of every record).
CREATE INDEX audit_log_event_at_idx ON audit_log (event_id, at);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor_id, at);

-- +goose Down
DROP INDEX audit_log_actor_at_idx;
DROP INDEX audit_log_event_at_idx;
