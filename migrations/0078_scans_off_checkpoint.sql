-- +goose Up
-- A scanner device is created for one checkpoint of its event. A scan it
-- sends from another checkpoint of the same event is judged there and
-- counted (the holder was let in at a real door of the event), and marked
-- here so that the Secretariat can see which scans came from a device away
-- from its own door. A scan at a checkpoint of another event is refused.
ALTER TABLE scans ADD COLUMN off_checkpoint BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE scans DROP COLUMN off_checkpoint;
