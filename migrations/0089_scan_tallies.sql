-- +goose Up
-- The attendance report's scan counts, kept as the scans are recorded, so
-- that the report reads a few rows per checkpoint and day however many scans
-- there are. Each scan adds one to a row of scan_tallies in the statement
-- that records it: scans at one checkpoint on one day, in one direction,
-- spread over 16 shards (chosen at random per scan) so that concurrent scans
-- seldom wait for the same row; a reader sums the shards. day is the scan's
-- event-local day, '' for the scans recorded before scans kept their day.
-- day_arrivals holds each holder let in on a day once: the day's arrivals are
-- its rows, counted from its key. Like scans, neither has foreign keys.
CREATE TABLE scan_tallies (
    event_id      UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    day           TEXT NOT NULL,
    direction     TEXT NOT NULL,
    shard         SMALLINT NOT NULL,
    scans         BIGINT NOT NULL DEFAULT 0,
    accepted      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, checkpoint_id, day, direction, shard)
);
CREATE TABLE day_arrivals (
    event_id       UUID NOT NULL,
    day            TEXT NOT NULL,
    participant_id UUID NOT NULL,
    PRIMARY KEY (event_id, day, participant_id)
);
INSERT INTO scan_tallies (event_id, checkpoint_id, day, direction, shard, scans, accepted)
SELECT event_id, checkpoint_id, COALESCE(day, ''), direction, 0, COUNT(*),
    SUM(CASE WHEN verdict IN ('ok', 'already_inside') THEN 1 ELSE 0 END)
FROM scans GROUP BY event_id, checkpoint_id, COALESCE(day, ''), direction;
INSERT INTO day_arrivals (event_id, day, participant_id)
SELECT DISTINCT event_id, day, participant_id FROM scans
WHERE direction = 'in' AND day IS NOT NULL AND participant_id IS NOT NULL AND verdict IN ('ok', 'already_inside');

-- +goose Down
DROP TABLE day_arrivals;
DROP TABLE scan_tallies;
