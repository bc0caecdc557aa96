package dev.ridehail.ingest.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/**
 * The value this service writes to the rider-updates topic: one location update as defined by
 * {@code infra/contract/.../location-update.schema.json}. Optional fields are left out rather than written as null.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION}
 * @param eventId       the client's idempotency key, or one assigned by ingest
 * @param riderId       also the record key, so one rider's updates stay in order on one partition
 * @param recordedAt    device time of the fix
 * @param receivedAt    when ingest accepted the update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "schemaVersion", "eventId", "riderId", "tripId", "lat", "lon", "speedMps", "headingDeg",
        "accuracyM", "recordedAt", "receivedAt" })
public record LocationUpdateEvent(int schemaVersion, UUID eventId, String riderId, UUID tripId, double lat,
        double lon, Double speedMps, Double headingDeg, Double accuracyM, Instant recordedAt, Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    static LocationUpdateEvent from(LocationUpdateRequest request, Instant receivedAt) {
        UUID eventId = request.eventId() != null ? request.eventId() : UUID.randomUUID();
        return new LocationUpdateEvent(SCHEMA_VERSION, eventId, request.riderId(), request.tripId(), request.lat(),
                request.lon(), request.speedMps(), request.headingDeg(), request.accuracyM(), request.recordedAt(),
                receivedAt);
    }
}
