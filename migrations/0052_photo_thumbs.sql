-- +goose Up
-- Small JPEG thumbnails of holders' photos for offline scanners, made once
-- per photo when a snapshot first needs it.
CREATE TABLE photo_thumbs (
    photo_id   UUID PRIMARY KEY,
    data       BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE photo_thumbs;
