-- +goose Up
-- The List of Participants of an event: when its final edition was issued
-- (no row: only provisional editions so far), and the corrections that
-- delegations' focal points send from their RSVP page until then.
CREATE TABLE participant_list_editions (
    event_id        UUID PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    final_issued_at TIMESTAMP NOT NULL,
    final_issued_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE participant_list_corrections (
    id            UUID PRIMARY KEY,
    event_id      UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    delegation_id UUID NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX participant_list_corrections_event_idx ON participant_list_corrections (event_id, created_at);

-- +goose Down
DROP INDEX participant_list_corrections_event_idx;
DROP TABLE participant_list_corrections;
DROP TABLE participant_list_editions;
