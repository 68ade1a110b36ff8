-- +goose Up
-- The list of speakers of a session. precedence_levels is each event's own
-- table of precedence (ordinal 1 speaks first); participant_levels is the level
-- the Secretariat gives a participant from their function. speaking_settings
-- holds a session's inscription window, speaking time, how many entries one
-- delegation may hold, and the version every change of its list bumps (what
-- the chair's screen and other viewers poll). session_roles are the
-- moderator, keynote speakers and subtopic experts of a session, each a
-- participant or a named guest.
CREATE TABLE precedence_levels (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    code       TEXT NOT NULL,
    names      TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX precedence_levels_code_idx ON precedence_levels (event_id, code);
CREATE TABLE participant_levels (
    participant_id UUID PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    level_id       UUID NOT NULL REFERENCES precedence_levels (id) ON DELETE CASCADE,
    updated_at     TIMESTAMP NOT NULL
);
CREATE TABLE speaking_settings (
    session_id       UUID PRIMARY KEY REFERENCES programme_sessions (id) ON DELETE CASCADE,
    event_id         UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    opens_at         TIMESTAMP,
    closes_at        TIMESTAMP,
    speaking_seconds INTEGER NOT NULL DEFAULT 300,
    per_delegation   INTEGER NOT NULL DEFAULT 1,
    version          BIGINT NOT NULL DEFAULT 0,
    turn_started_at  TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL
);
CREATE TABLE session_roles (
    id                UUID PRIMARY KEY,
    session_id        UUID NOT NULL REFERENCES programme_sessions (id) ON DELETE CASCADE,
    event_id          UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role              TEXT NOT NULL,
    subtopic          TEXT NOT NULL DEFAULT '',
    participant_id    UUID REFERENCES participants (id) ON DELETE CASCADE,
    guest_honorific   TEXT NOT NULL DEFAULT '',
    guest_name        TEXT NOT NULL DEFAULT '',
    guest_native_name TEXT NOT NULL DEFAULT '',
    guest_affiliation TEXT NOT NULL DEFAULT '',
    position          INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX session_roles_session_idx ON session_roles (session_id, position);
-- One row per inscription. slot is the delegation's place it holds (1 up to
-- the session's per_delegation) while waiting or once spoken, NULL once
-- withdrawn or struck off: the unique index is what keeps one entry per
-- delegation when two servers inscribe at once.
CREATE TABLE speakers (
    id             UUID PRIMARY KEY,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    session_id     UUID NOT NULL REFERENCES programme_sessions (id) ON DELETE CASCADE,
    delegation_id  UUID NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    level_rank     INTEGER NOT NULL,
    level_code     TEXT NOT NULL DEFAULT '',
    slot           INTEGER,
    position       INTEGER NOT NULL,
    status         TEXT NOT NULL,
    absences       INTEGER NOT NULL DEFAULT 0,
    inscribed_at   TIMESTAMP NOT NULL,
    inscribed_by   TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX speakers_slot_idx ON speakers (session_id, delegation_id, slot);
CREATE INDEX speakers_order_idx ON speakers (session_id, status, position);
CREATE TABLE speaker_statements (
    speaker_id   UUID PRIMARY KEY REFERENCES speakers (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE TABLE speaker_changes (
    id            UUID PRIMARY KEY,
    speaker_id    UUID NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    session_id    UUID NOT NULL REFERENCES programme_sessions (id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    from_position INTEGER,
    to_position   INTEGER,
    reason        TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL DEFAULT '',
    at            TIMESTAMP NOT NULL
);
CREATE INDEX speaker_changes_session_idx ON speaker_changes (session_id, at);

-- +goose Down
DROP INDEX speaker_changes_session_idx;
DROP TABLE speaker_changes;
DROP TABLE speaker_statements;
DROP INDEX speakers_order_idx;
DROP INDEX speakers_slot_idx;
DROP TABLE speakers;
DROP INDEX session_roles_session_idx;
DROP TABLE session_roles;
DROP TABLE speaking_settings;
DROP TABLE participant_levels;
DROP INDEX precedence_levels_code_idx;
DROP TABLE precedence_levels;
