-- +goose Up
-- A scanner device's place at the doors (the checkpoint of an event it was
-- created for) and what it last reported: when it last called, when it last
-- fetched its offline snapshot, how many scans it had waiting to upload, and
-- the version of its door page. The device itself (name, language, token) is
-- the auth package's; this row is check-in's.
CREATE TABLE scanners (
    device_id        UUID PRIMARY KEY REFERENCES devices (id),
    event_id         UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    checkpoint_id    UUID NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    created_at       TIMESTAMP NOT NULL,
    last_contact_at  TIMESTAMP,
    last_snapshot_at TIMESTAMP,
    pending          INTEGER,
    app_version      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scanners_event_idx ON scanners (event_id, created_at);

-- +goose Down
DROP TABLE scanners;
