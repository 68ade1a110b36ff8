-- +goose Up
-- One-time pairing codes of scanner devices: the console shows one as a QR
-- code, the door page exchanges it once for the device's token. Only the
-- code's SHA-256 is kept. A code is used once, expires, and is replaced when a
-- newer one is issued for the same device.
CREATE TABLE device_pairings (
    id          UUID PRIMARY KEY,
    device_id   UUID NOT NULL REFERENCES devices (id),
    hash        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    replaced_at TIMESTAMP
);
CREATE UNIQUE INDEX device_pairings_hash_key ON device_pairings (hash);
CREATE INDEX device_pairings_device_idx ON device_pairings (device_id);

-- +goose Down
DROP TABLE device_pairings;
