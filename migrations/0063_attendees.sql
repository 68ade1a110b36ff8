-- +goose Up
-- One row per participant who may come (approved) or has come (entered a
-- zone): their delegation and category, when they first entered any zone,
-- and how many zones they are inside now. The scan that changes a presence
-- row's inside flag changes zones_inside in the same statement, so "arrived"
-- and "inside now" are counted by delegation and category from this table
-- alone, each person once however many zones they are in, without joining
-- participants or grouping presence by participant.
-- No index beyond the key: the report reads all of an event's rows (a hash
-- aggregate over them is faster than walking an index in group order), and a
-- scan's update then changes no indexed column and stays a heap-only update.
CREATE TABLE attendees (
    event_id       UUID NOT NULL,
    participant_id UUID NOT NULL,
    delegation_id  UUID NOT NULL,
    category_id    UUID,
    zones_inside   INTEGER NOT NULL DEFAULT 0,
    first_in_at    TIMESTAMP,
    PRIMARY KEY (event_id, participant_id)
);
INSERT INTO attendees (event_id, participant_id, delegation_id, category_id, zones_inside, first_in_at)
SELECT p.event_id, p.id, p.delegation_id, p.category_id,
    (SELECT COUNT(*) FROM presence pr WHERE pr.event_id = p.event_id AND pr.participant_id = p.id AND pr.inside),
    (SELECT MIN(pr.first_in_at) FROM presence pr WHERE pr.event_id = p.event_id AND pr.participant_id = p.id)
FROM participants p
WHERE p.status = 'approved'
    OR EXISTS (SELECT 1 FROM presence pr WHERE pr.event_id = p.event_id AND pr.participant_id = p.id);

-- +goose Down
DROP TABLE attendees;
