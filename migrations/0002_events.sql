-- +goose Up
-- The conference: its days, languages, signatories, programme, zones, categories and checkpoints.
-- Translatable names are JSON objects keyed by language code ({"en": "...", "ar": "..."}).
CREATE TABLE events (
    id               UUID PRIMARY KEY,
    number           INTEGER NOT NULL,
    name             TEXT NOT NULL,
    names            TEXT NOT NULL DEFAULT '{}',
    venue            TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    timezone         TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    languages        TEXT NOT NULL,
    reference_format TEXT NOT NULL DEFAULT '{seq:03}',
    next_reference   INTEGER NOT NULL DEFAULT 1,
    next_badge       INTEGER NOT NULL DEFAULT 1,
    default_quotas   TEXT NOT NULL DEFAULT '{}',
    rsvp_grace_days  INTEGER NOT NULL DEFAULT 7,
    reminder_days    INTEGER NOT NULL DEFAULT 7,
    is_demo          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX events_number_key ON events (number);

CREATE TABLE signatories (
    id                 UUID PRIMARY KEY,
    event_id           UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL DEFAULT 0,
    name               TEXT NOT NULL,
    title              TEXT NOT NULL,
    organisation       TEXT NOT NULL,
    organisation_short TEXT NOT NULL DEFAULT '',
    signature_type     TEXT NOT NULL DEFAULT '',
    signature_image    BYTEA,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX signatories_event_idx ON signatories (event_id);

CREATE TABLE zones (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    names      TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX zones_event_code_key ON zones (event_id, code);

CREATE TABLE programme_sessions (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    kind       TEXT NOT NULL,
    titles     TEXT NOT NULL DEFAULT '{}',
    subtopics  TEXT NOT NULL DEFAULT '[]',
    moderator  TEXT NOT NULL DEFAULT '',
    zone_id    UUID REFERENCES zones (id) ON DELETE SET NULL,
    starts_at  TIMESTAMP,
    ends_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX programme_sessions_event_idx ON programme_sessions (event_id);

CREATE TABLE categories (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    names      TEXT NOT NULL DEFAULT '{}',
    colour     TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX categories_event_code_key ON categories (event_id, code);

CREATE TABLE category_zones (
    category_id UUID NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    zone_id     UUID NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    PRIMARY KEY (category_id, zone_id)
);

CREATE TABLE checkpoints (
    id         UUID PRIMARY KEY,
    event_id   UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    zone_id    UUID NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX checkpoints_event_idx ON checkpoints (event_id);

-- +goose Down
DROP TABLE checkpoints;
DROP TABLE category_zones;
DROP TABLE categories;
DROP TABLE programme_sessions;
DROP TABLE zones;
DROP TABLE signatories;
DROP TABLE events;
