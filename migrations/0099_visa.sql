-- +goose Up
-- Visa support letters: whether an event asks its delegations for passport
-- details, and how many days after its last day they are erased; and each
-- participant's passport details, sealed under the master key (AES-256-GCM,
-- the participant's id as associated data) so that the database holds no
-- passport number, date of birth or place of birth in clear. A row is deleted
-- when its details are erased.
CREATE TABLE event_visa_settings (
    event_id         UUID PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    ask_passport     BOOLEAN NOT NULL DEFAULT FALSE,
    erase_after_days INTEGER NOT NULL DEFAULT 30,
    updated_at       TIMESTAMP NOT NULL
);
CREATE TABLE participant_passports (
    participant_id UUID PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    sealed         TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX participant_passports_event_idx ON participant_passports (event_id);

-- +goose Down
DROP INDEX participant_passports_event_idx;
DROP TABLE participant_passports;
DROP TABLE event_visa_settings;
