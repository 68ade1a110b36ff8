-- +goose Up
-- Who comes to a protocol event or cultural programme: one row per session
-- and participant. The place is held while the participant is active
-- (nominated or approved); a withdrawn member's row no longer counts.
CREATE TABLE session_registrations (
    session_id     UUID NOT NULL REFERENCES programme_sessions (id) ON DELETE CASCADE,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    delegation_id  UUID NOT NULL,
    registered_by  TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX session_registrations_participant_idx ON session_registrations (participant_id);
CREATE INDEX session_registrations_delegation_idx ON session_registrations (delegation_id, session_id);

-- +goose Down
DROP TABLE session_registrations;
