-- +goose Up
-- Signing keys, badges with their versions and history, and print jobs.
CREATE TABLE signing_keys (
    id          UUID PRIMARY KEY,
    event_id    UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    key_id      INTEGER NOT NULL,
    public_key  BYTEA NOT NULL,
    sealed_key  BYTEA NOT NULL,
    active      BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP
);
CREATE UNIQUE INDEX signing_keys_event_key ON signing_keys (event_id, key_id);

CREATE TABLE badges (
    id             UUID PRIMARY KEY,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant_id UUID NOT NULL REFERENCES participants (id),
    number         INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'superseded', 'revoked')),
    key_id         INTEGER NOT NULL,
    code           TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    printed_at     TIMESTAMP,
    collected_at   TIMESTAMP,
    change_seq     BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX badges_number_version_key ON badges (event_id, number, version);
-- One current badge per participant.
CREATE UNIQUE INDEX badges_one_current_key ON badges (participant_id) WHERE status IN ('active', 'suspended');
CREATE INDEX badges_participant_idx ON badges (participant_id);
CREATE INDEX badges_change_idx ON badges (event_id, change_seq);

CREATE TABLE badge_history (
    id         UUID PRIMARY KEY,
    badge_id   UUID NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    at         TIMESTAMP NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX badge_history_badge_idx ON badge_history (badge_id, at);

CREATE TABLE print_jobs (
    id           UUID PRIMARY KEY,
    event_id     UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    filter       TEXT NOT NULL DEFAULT '{}',
    layout       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    file_name    TEXT NOT NULL DEFAULT '',
    file_type    TEXT NOT NULL DEFAULT '',
    file_size    BIGINT NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMP,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP
);
CREATE INDEX print_jobs_status_idx ON print_jobs (status);

-- +goose Down
DROP TABLE print_jobs;
DROP TABLE badge_history;
DROP TABLE badges;
DROP TABLE signing_keys;
