-- +goose Up
-- Each signatory's name as letters in each working language print it
-- (يوري فيدوتوف in an Arabic letter, Юрий Федотов in a Russian one), a JSON
-- object keyed by language code like their titles; name stays the form
-- printed where a language has none.
ALTER TABLE signatories ADD COLUMN names TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE signatories DROP COLUMN names;
