-- +goose Up
-- Each window of a rate-limit counter ends at its own time (a login's after
-- 15 minutes, an RSVP guess's after 10), kept with it so that ended windows
-- are deleted as new ones are counted: strangers trying distinct keys (every
-- e-mail address they can think of) no longer fill the table for good. Keys
-- are now SHA-256 digests of what they count, so the old rows are of no use;
-- they held at most 15 minutes of counts.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);
CREATE INDEX rate_limits_expires_idx ON rate_limits (expires_at);

-- +goose Down
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);
