package dev.ridehail.rider.position;

import java.time.Instant;
import java.util.UUID;

/**
 * What rider-service reads from a rider-updates record value (contract: infra/contract location-update.schema.json,
 * checked by a test). Unknown fields are tolerated; {@code schemaVersion} is checked before anything else.
 */
record LocationUpdate(Integer schemaVersion, UUID eventId, String riderId, UUID tripId, Double lat, Double lon,
        Double speedMps, Double headingDeg, Double accuracyM, Instant recordedAt, Instant receivedAt) {
}
