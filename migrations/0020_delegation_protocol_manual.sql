-- +goose Up
-- A delegation whose protocol order the Secretariat set by hand keeps it; the
-- others follow in the default order (states, then organisations, by English name).
ALTER TABLE delegations ADD COLUMN protocol_manual BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE delegations DROP COLUMN protocol_manual;
