-- +goose Up
-- No foreign keys on scans and presence: a foreign-key check takes a KEY SHARE
-- lock on the event's row at every insert, and thousands of concurrent scans
-- of one event then queue on that row's multixact. Scans are a record that
-- outlives what it names; the scan path checks the checkpoint exists.
-- Door scans, append-only: every reading of a badge at a checkpoint with its
-- verdict, as first answered. A repeated scan_id returns the stored response.
CREATE TABLE scans (
    scan_id        UUID PRIMARY KEY,
    event_id       UUID NOT NULL,
    checkpoint_id  UUID NOT NULL,
    zone_id        UUID NOT NULL,
    device_id      UUID,
    user_id        UUID,
    direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    code           TEXT,
    code_hash      TEXT NOT NULL,
    badge_number   INTEGER,
    badge_version  INTEGER,
    badge_id       UUID,
    participant_id UUID,
    verdict        TEXT NOT NULL,
    device_verdict TEXT,
    offline        BOOLEAN NOT NULL DEFAULT FALSE,
    conflict       BOOLEAN NOT NULL DEFAULT FALSE,
    scanned_at     TIMESTAMP NOT NULL,
    received_at    TIMESTAMP NOT NULL,
    fingerprint    TEXT NOT NULL,
    response       TEXT NOT NULL
);
CREATE INDEX scans_event_received_idx ON scans (event_id, received_at);
CREATE INDEX scans_event_participant_idx ON scans (event_id, participant_id);
CREATE INDEX scans_conflict_idx ON scans (event_id, conflict);

-- Who is inside which zone now: one row per participant and zone, changed
-- only inside the scan's transaction, so that two servers agree on
-- "already inside".
CREATE TABLE presence (
    event_id       UUID NOT NULL,
    participant_id UUID NOT NULL,
    zone_id        UUID NOT NULL,
    inside         BOOLEAN NOT NULL,
    changed_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, participant_id, zone_id)
);
CREATE INDEX presence_event_inside_idx ON presence (event_id, inside);

-- +goose Down
DROP TABLE presence;
DROP TABLE scans;
