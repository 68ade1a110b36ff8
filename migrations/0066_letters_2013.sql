-- +goose Up
-- Events set up before new events got neutral built-in letters keep the
-- built-in letters they had (the Baku 2013 wording) wherever they saved none
-- of their own; an event listed here uses that wording as its built-in text.
CREATE TABLE letters_2013_events (
    event_id UUID PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE
);
INSERT INTO letters_2013_events (event_id) SELECT id FROM events;

-- +goose Down
DROP TABLE letters_2013_events;
