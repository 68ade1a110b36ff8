-- +goose Up
-- A door asks for a holder's photo by the photo's id; it is served only when
-- an approved participant with an active badge has it, found by this index.
CREATE INDEX participants_photo_idx ON participants (photo_id);

-- +goose Down
DROP INDEX participants_photo_idx;
