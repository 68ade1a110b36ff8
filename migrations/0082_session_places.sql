-- +goose Up
-- Protocol events and cultural programmes have a number of places (NULL: no
-- limit) and an invitation list: the roles in a delegation and the badge
-- categories that may come (both empty: every active member). A checkpoint
-- may guard one session: its door lets in only those registered for it.
ALTER TABLE programme_sessions ADD COLUMN capacity INTEGER;
ALTER TABLE programme_sessions ADD COLUMN invite_roles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programme_sessions ADD COLUMN invite_category_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE checkpoints ADD COLUMN session_id UUID REFERENCES programme_sessions (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE checkpoints DROP COLUMN session_id;
ALTER TABLE programme_sessions DROP COLUMN invite_category_ids;
ALTER TABLE programme_sessions DROP COLUMN invite_roles;
ALTER TABLE programme_sessions DROP COLUMN capacity;
