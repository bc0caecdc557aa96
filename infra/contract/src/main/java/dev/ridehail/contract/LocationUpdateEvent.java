package dev.ridehail.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * One rider-updates record value as {@code contract/location-update.schema.json} defines it. Built only by
 * {@link LocationUpdateEventParser}, so every instance satisfies the schema: {@code riderId}, {@code eventId} and both
 * instants are never null, the numbers are within their ranges, and the optional fields are null when absent.
 */
public record LocationUpdateEvent(int schemaVersion, UUID eventId, String riderId, UUID tripId, double lat, double lon,
        Double speedMps, Double headingDeg, Double accuracyM, Instant recordedAt, Instant receivedAt) {

    /** The only version of the contract this module reads. */
    public static final int SCHEMA_VERSION = 1;
}
