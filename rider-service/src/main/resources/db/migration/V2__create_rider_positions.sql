-- cube + earthdistance are contrib extensions of plain PostgreSQL (no PostGIS needed): earth_box gives a GiST-indexable
-- bounding cube around a point, earth_distance the great-circle distance on a sphere of radius earth() = 6378168 m.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- Latest position per rider, registered or not (registration order must not matter), written by the consumer.
-- earth_position is ll_to_earth(lat, lon), stored by the upsert rather than used as an index expression: an expression
-- index on ll_to_earth breaks restores and autovacuum that run with an empty search_path (earthdistance 1.1 calls earth()
-- unqualified).
CREATE TABLE rider_positions (
    rider_id        text             PRIMARY KEY,
    lat             double precision NOT NULL,
    lon             double precision NOT NULL,
    earth_position  cube             NOT NULL,
    speed_mps       double precision,
    heading_deg     double precision,
    accuracy_m      double precision,
    trip_id         uuid,
    event_id        uuid             NOT NULL,
    recorded_at     timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL,
    updated_at      timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX rider_positions_earth_position_idx ON rider_positions USING gist (earth_position);
