-- Trips and the aggregates the batch writer maintains from the location history in the same transaction.
CREATE TABLE trips (
    id                uuid             PRIMARY KEY,
    rider_id          varchar(64)      NOT NULL,
    status            varchar(16)      NOT NULL CHECK (status IN ('REQUESTED', 'STARTED', 'COMPLETED', 'CANCELLED')),
    pickup_lat        double precision NOT NULL,
    pickup_lon        double precision NOT NULL,
    dropoff_lat       double precision NOT NULL,
    dropoff_lon       double precision NOT NULL,
    requested_at      timestamptz      NOT NULL,
    started_at        timestamptz,
    completed_at      timestamptz,
    cancelled_at      timestamptz,
    point_count       bigint           NOT NULL DEFAULT 0,
    distance_m        double precision NOT NULL DEFAULT 0,
    first_lat         double precision,
    first_lon         double precision,
    first_recorded_at timestamptz,
    last_lat          double precision,
    last_lon          double precision,
    last_recorded_at  timestamptz
);

CREATE INDEX trips_rider_requested_idx ON trips (rider_id, requested_at DESC);
CREATE INDEX trips_requested_idx ON trips (requested_at DESC);
