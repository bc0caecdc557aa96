package dev.ridehail.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * One rider-updates record value as {@code contract/location-update.schema.json} defines it: read by
 * {@link LocationUpdateEventParser}, written by {@link LocationUpdateEventSerializer}. The parser builds only instances
 * that satisfy the schema ({@code riderId}, {@code eventId} and both instants never null, the numbers within
 * {@link LocationUpdateFields}' ranges, the optional fields null when absent); ingest builds them from a request it
 * validated against the same ranges. The serializer leaves null fields out.
 */
public record LocationUpdateEvent(int schemaVersion, UUID eventId, String riderId, UUID tripId, double lat, double lon,
        Double speedMps, Double headingDeg, Double accuracyM, Instant recordedAt, Instant receivedAt) {

    /** The only version of the contract this module reads. */
    public static final int SCHEMA_VERSION = 1;
}
