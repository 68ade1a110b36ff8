-- +goose Up
-- A credentials letter belongs to its delegation (read by the Secretariat
-- per delegation, newest first), keeps the name and type it was uploaded
-- with, and has a status set by the Secretariat: received (as uploaded),
-- checked (read and found in order), seen (the original shown at the
-- desk), with who set it and when. A new upload is a new row, received.
ALTER TABLE credentials_letters ADD COLUMN delegation_id UUID;
ALTER TABLE credentials_letters ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE credentials_letters ADD COLUMN content_type TEXT NOT NULL DEFAULT 'application/pdf';
ALTER TABLE credentials_letters ADD COLUMN status TEXT NOT NULL DEFAULT 'received';
ALTER TABLE credentials_letters ADD COLUMN status_at TIMESTAMP;
ALTER TABLE credentials_letters ADD COLUMN status_by TEXT NOT NULL DEFAULT '';
ALTER TABLE credentials_letters ADD COLUMN status_by_name TEXT NOT NULL DEFAULT '';
UPDATE credentials_letters SET
    delegation_id = (SELECT i.delegation_id FROM invitations i WHERE i.id = credentials_letters.invitation_id);
CREATE INDEX credentials_letters_delegation_idx ON credentials_letters (delegation_id, created_at);

-- +goose Down
DROP INDEX credentials_letters_delegation_idx;
ALTER TABLE credentials_letters DROP COLUMN status_by_name;
ALTER TABLE credentials_letters DROP COLUMN status_by;
ALTER TABLE credentials_letters DROP COLUMN status_at;
ALTER TABLE credentials_letters DROP COLUMN status;
ALTER TABLE credentials_letters DROP COLUMN content_type;
ALTER TABLE credentials_letters DROP COLUMN file_name;
ALTER TABLE credentials_letters DROP COLUMN delegation_id;
