package dev.ridehail.trip.history;

import java.time.Instant;
import java.util.UUID;

/**
 * One location update as trip-service reads it from rider-updates (schemaVersion 1 of
 * {@code contract/location-update.schema.json}). Built only by {@link LocationUpdateParser}, so every instance is valid.
 */
record LocationUpdate(int schemaVersion, UUID eventId, String riderId, UUID tripId, double lat, double lon,
        Float speedMps, Float headingDeg, Float accuracyM, Instant recordedAt, Instant receivedAt) {

    static final int SCHEMA_VERSION = 1;
}
