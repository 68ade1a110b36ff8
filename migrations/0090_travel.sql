-- +goose Up
-- Travel and logistics: which of them an event asks of its delegations
-- (a comma-separated list of arrival, departure, hotel, visa; none when the
-- event has no row), and each participant's answers: arrival and departure
-- (when, flight, airport as an IATA code), hotel, and whether a visa is
-- needed (NULL for not said). Arrivals are read by day for the protocol
-- service meeting delegations at the airport.
CREATE TABLE event_travel_settings (
    event_id   UUID PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    fields     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE participant_travel (
    participant_id    UUID PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    event_id          UUID NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    arrival_at        TIMESTAMP,
    arrival_flight    TEXT NOT NULL DEFAULT '',
    arrival_airport   TEXT NOT NULL DEFAULT '',
    departure_at      TIMESTAMP,
    departure_flight  TEXT NOT NULL DEFAULT '',
    departure_airport TEXT NOT NULL DEFAULT '',
    hotel             TEXT NOT NULL DEFAULT '',
    visa_needed       BOOLEAN,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX participant_travel_arrival_idx ON participant_travel (event_id, arrival_at);

-- +goose Down
DROP INDEX participant_travel_arrival_idx;
DROP TABLE participant_travel;
DROP TABLE event_travel_settings;
