-- +goose Up
-- The members each delegation nominates, their photos, and the delegation's credentials letter.
CREATE TABLE participants (
    id                      UUID PRIMARY KEY,
    event_id                UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    invitation_id           UUID NOT NULL REFERENCES invitations (id),
    delegation_id           UUID NOT NULL REFERENCES delegations (id),
    honorific               TEXT NOT NULL DEFAULT '',
    given_names             TEXT NOT NULL DEFAULT '',
    family_name             TEXT NOT NULL DEFAULT '',
    native_name             TEXT NOT NULL DEFAULT '',
    gender                  TEXT NOT NULL DEFAULT '',
    function                TEXT NOT NULL DEFAULT '',
    role                    TEXT NOT NULL,
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    nationality             TEXT NOT NULL DEFAULT '',
    interpretation_language TEXT NOT NULL DEFAULT '',
    dietary                 TEXT NOT NULL DEFAULT '',
    accessibility           TEXT NOT NULL DEFAULT '',
    status                  TEXT NOT NULL CHECK (status IN ('nominated', 'approved', 'rejected', 'withdrawn')),
    category_id             UUID REFERENCES categories (id),
    rejection_reason        TEXT NOT NULL DEFAULT '',
    search_text             TEXT NOT NULL DEFAULT '',
    photo_id                UUID,
    decided_at              TIMESTAMP,
    decided_by              TEXT NOT NULL DEFAULT '',
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX participants_event_idx ON participants (event_id, status);
CREATE INDEX participants_invitation_idx ON participants (invitation_id, status);
CREATE INDEX participants_delegation_idx ON participants (delegation_id);
-- One head of delegation among the active members of an invitation.
CREATE UNIQUE INDEX participants_one_head_key ON participants (invitation_id)
    WHERE role = 'head' AND status IN ('nominated', 'approved');

CREATE TABLE photos (
    id             UUID PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    content_type   TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    data           BYTEA NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX photos_participant_idx ON photos (participant_id);

CREATE TABLE credentials_letters (
    id            UUID PRIMARY KEY,
    invitation_id UUID NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BYTEA NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX credentials_letters_invitation_idx ON credentials_letters (invitation_id);

-- +goose Down
DROP TABLE credentials_letters;
DROP TABLE photos;
DROP TABLE participants;
