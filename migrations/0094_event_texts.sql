-- +goose Up
-- The event's texts in each working language: venue, city and country
-- (JSON objects keyed by language code, as names are; the country's name,
-- when not given, comes from its ISO code), and the one or two languages its
-- badges print in (a JSON list; empty means English and French, as far as
-- the event works in them). Each signatory's organisation, its short name,
-- the title and the line printed above the signature, per language.
ALTER TABLE events ADD COLUMN venue_names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN city_names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN country_names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN badge_languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE signatories ADD COLUMN organisation_names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE signatories ADD COLUMN organisation_short_names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE signatories ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE signatories ADD COLUMN sign_lines TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE signatories DROP COLUMN sign_lines;
ALTER TABLE signatories DROP COLUMN titles;
ALTER TABLE signatories DROP COLUMN organisation_short_names;
ALTER TABLE signatories DROP COLUMN organisation_names;
ALTER TABLE events DROP COLUMN badge_languages;
ALTER TABLE events DROP COLUMN country_names;
ALTER TABLE events DROP COLUMN city_names;
ALTER TABLE events DROP COLUMN venue_names;
