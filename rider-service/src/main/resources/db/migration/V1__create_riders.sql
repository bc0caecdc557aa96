-- The rider registry. The plate is kept as entered for display and normalised (upper case, letters and digits only)
-- for uniqueness, so "B-AB 123" and "bab123" are the same vehicle.
CREATE TABLE riders (
    rider_id          text        PRIMARY KEY CHECK (rider_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    name              text        NOT NULL,
    vehicle_type      text        NOT NULL CHECK (vehicle_type IN ('BICYCLE', 'SCOOTER', 'MOTORCYCLE', 'CAR', 'VAN')),
    plate             text        NOT NULL,
    plate_normalized  text        NOT NULL,
    phone             text,
    status            text        NOT NULL CHECK (status IN ('AVAILABLE', 'ON_TRIP', 'OFFLINE')),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           bigint      NOT NULL,
    CONSTRAINT riders_plate_normalized_key UNIQUE (plate_normalized)
);

CREATE INDEX riders_status_idx ON riders (status, rider_id);
