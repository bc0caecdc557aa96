-- Every consumed location update. Range-partitioned by day on recorded_at so retention is a cheap DROP of whole
-- partitions, never a large DELETE. The daily partitions are created (and dropped) by the service's maintenance job;
-- the DEFAULT partition catches any date the job has not prepared yet, so an unexpected timestamp never fails a batch.
-- A unique key on a partitioned table must contain the partition column: a retried update carries the same
-- recorded_at, so (event_id, recorded_at) still makes the eventId unique in practice.
CREATE TABLE location_history (
    event_id    uuid             NOT NULL,
    rider_id    varchar(64)      NOT NULL,
    trip_id     uuid,
    lat         double precision NOT NULL,
    lon         double precision NOT NULL,
    speed_mps   real,
    heading_deg real,
    accuracy_m  real,
    recorded_at timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    PRIMARY KEY (event_id, recorded_at)
) PARTITION BY RANGE (recorded_at);

-- a rider's track in a time window
CREATE INDEX location_history_rider_time_idx ON location_history (rider_id, recorded_at);
-- a trip's points in order (partial: most updates are not on a trip)
CREATE INDEX location_history_trip_time_idx ON location_history (trip_id, recorded_at) WHERE trip_id IS NOT NULL;

CREATE TABLE location_history_default PARTITION OF location_history DEFAULT;
