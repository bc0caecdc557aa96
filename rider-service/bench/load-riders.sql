-- 100,000 registered riders with fresh positions spread uniformly over a 0.3 x 0.6 degree box around Berlin
-- (~33 x 41 km, ~74 riders per km2). Run against the rider-service database after the service has migrated it.
-- psql -h 127.0.0.1 -U postgres -d rider_bench -f rider-service/bench/load-riders.sql
TRUNCATE riders, rider_positions;
SELECT setseed(0.42);
INSERT INTO riders (rider_id, name, vehicle_type, plate, plate_normalized, phone, status, created_at, updated_at, version)
SELECT 'bench-' || i, 'Bench Rider ' || i, (ARRAY['BICYCLE','SCOOTER','MOTORCYCLE','CAR','VAN'])[1 + i % 5],
       'B-' || i, 'B' || i, NULL, (ARRAY['AVAILABLE','AVAILABLE','ON_TRIP','OFFLINE'])[1 + i % 4], now(), now(), 0
  FROM generate_series(1, 100000) AS i;
INSERT INTO rider_positions (rider_id, lat, lon, earth_position, event_id, recorded_at, received_at)
SELECT 'bench-' || i, lat, lon, ll_to_earth(lat, lon), gen_random_uuid(), now() - random() * interval '240 seconds', now()
  FROM (SELECT i, 52.35 + random() * 0.3 AS lat, 13.1 + random() * 0.6 AS lon FROM generate_series(1, 100000) AS i) AS p;
ANALYZE riders;
ANALYZE rider_positions;
