-- +goose Up
-- A category says whether its badges need the holder's photo: a participant
-- of such a category without one is not approved. On by default; UN practice
-- exempts some very senior categories.
ALTER TABLE categories ADD COLUMN photo_required BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE categories DROP COLUMN photo_required;
