-- +goose Up
-- Delegations, invitations and their frozen letters, letter templates, and the mail outbox.
CREATE TABLE delegations (
    id             UUID PRIMARY KEY,
    event_id       UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    country        TEXT NOT NULL DEFAULT '',
    names          TEXT NOT NULL DEFAULT '{}',
    name_en        TEXT NOT NULL,
    focal_name     TEXT NOT NULL DEFAULT '',
    focal_email    TEXT NOT NULL DEFAULT '',
    focal_phone    TEXT NOT NULL DEFAULT '',
    protocol_order INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX delegations_event_idx ON delegations (event_id, protocol_order);

CREATE TABLE invitations (
    id                 UUID PRIMARY KEY,
    event_id           UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    delegation_id      UUID NOT NULL REFERENCES delegations (id),
    language           TEXT NOT NULL,
    quota              INTEGER NOT NULL CHECK (quota >= 1),
    rsvp_deadline      TIMESTAMP NOT NULL,
    status             TEXT NOT NULL,
    reference_number   TEXT,
    letter_version     INTEGER NOT NULL DEFAULT 0,
    honorific          TEXT NOT NULL DEFAULT '',
    given_names        TEXT NOT NULL DEFAULT '',
    family_name        TEXT NOT NULL DEFAULT '',
    native_name        TEXT NOT NULL DEFAULT '',
    office             TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL,
    email_key          TEXT NOT NULL,
    rsvp_token_hash    TEXT,
    rsvp_expires_at    TIMESTAMP,
    reopened_until     TIMESTAMP,
    response_note      TEXT NOT NULL DEFAULT '',
    responded_at       TIMESTAMP,
    issued_at          TIMESTAMP,
    sent_at            TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX invitations_reference_key ON invitations (event_id, reference_number);
CREATE UNIQUE INDEX invitations_invitee_key ON invitations (event_id, email_key);
CREATE UNIQUE INDEX invitations_rsvp_token_key ON invitations (rsvp_token_hash);
CREATE INDEX invitations_delegation_idx ON invitations (delegation_id);
CREATE INDEX invitations_event_status_idx ON invitations (event_id, status);

-- Each issue of a letter, frozen: what was printed stays on record after later edits.
CREATE TABLE invitation_letters (
    id               UUID PRIMARY KEY,
    invitation_id    UUID NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    reference_number TEXT NOT NULL,
    language         TEXT NOT NULL,
    content          TEXT NOT NULL,
    issued_at        TIMESTAMP NOT NULL,
    issued_by        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX invitation_letters_version_key ON invitation_letters (invitation_id, version);

CREATE TABLE letter_templates (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX letter_templates_event_language_key ON letter_templates (event_id, language);

-- Outgoing mail. dedupe_key makes one dispatch one message, whatever retries happen.
CREATE TABLE outbox (
    id              UUID PRIMARY KEY,
    event_id        UUID REFERENCES events (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    dedupe_key      TEXT NOT NULL,
    subject_id      TEXT NOT NULL DEFAULT '',
    recipient       TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until    TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX outbox_dedupe_key ON outbox (dedupe_key);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
CREATE INDEX outbox_subject_idx ON outbox (subject_id);

-- +goose Down
DROP TABLE outbox;
DROP TABLE letter_templates;
DROP TABLE invitation_letters;
DROP TABLE invitations;
DROP TABLE delegations;
