-- +goose Up
-- The per-event counter that numbers changes to badge rows (badges.change_seq).
-- Each transaction that changes badges takes the next value with
-- UPDATE events ... RETURNING, which holds the event row's lock until commit,
-- so values become visible in increasing order: a door snapshot may page with
-- "change_seq > cursor" and never skip a change committed later.
ALTER TABLE events ADD COLUMN next_badge_change BIGINT NOT NULL DEFAULT 1;
-- The lease holder of a running print job: a worker that lost its lease
-- (it stalled past locked_until and another took the job over) can no longer
-- record progress or finish the job.
ALTER TABLE print_jobs ADD COLUMN lease_token TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE print_jobs DROP COLUMN lease_token;
ALTER TABLE events DROP COLUMN next_badge_change;
