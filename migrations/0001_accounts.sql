-- +goose Up
-- Staff accounts, their tokens, scanner devices, login throttling and the audit log.
CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'door')),
    password_hash TEXT NOT NULL,
    disabled_at   TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE devices (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT 'en',
    created_by  UUID REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);

-- A token is a staff session, a staff API token or a device token; only its SHA-256 is kept.
CREATE TABLE tokens (
    id           UUID PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'device')),
    hash         TEXT NOT NULL,
    user_id      UUID REFERENCES users (id),
    device_id    UUID REFERENCES devices (id),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE UNIQUE INDEX tokens_hash_key ON tokens (hash);
CREATE INDEX tokens_user_idx ON tokens (user_id);
CREATE INDEX tokens_device_idx ON tokens (device_id);

-- Fixed-window counters shared by every server: failed logins, RSVP link guesses.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id          UUID PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    event_id    UUID,
    before      TEXT,
    after       TEXT,
    request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE rate_limits;
DROP TABLE tokens;
DROP TABLE devices;
DROP TABLE users;
