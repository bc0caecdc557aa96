package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateFields;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * One location update as a client sends it. The body is parsed and checked by {@link LocationUpdateParser}, which
 * reports every bad field at once; this record is what a valid body becomes (and what the API description shows).
 */
@Schema(name = "LocationUpdate", description = "One position fix of a rider. Unknown fields, and the server-owned "
        + "fields receivedAt and schemaVersion, are rejected with 422.")
record LocationUpdateRequest(
        @Schema(description = "Idempotency key. Send the same eventId again when retrying after a 503 or a lost "
                + "answer: consumers store each eventId once. Assigned by the service when absent.",
                example = "7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10", nullable = true) UUID eventId,
        @Schema(description = "The rider, which must be the token's own (its sub); taken from the token when "
                + "absent. Another rider's id is refused with 403 forbidden-rider.",
                pattern = LocationUpdateFields.RIDER_ID_PATTERN, nullable = true, example = "rider-42") String riderId,
        @Schema(description = "Set while the rider is on a trip.", nullable = true,
                example = "0b7d9f3e-2a61-4a8e-b1f4-5d8c7e6f9a21") UUID tripId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "-90", maximum = "90",
                example = "52.52") double lat,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "-180", maximum = "180",
                example = "13.405") double lon,
        @Schema(minimum = "0", maximum = "100", nullable = true, example = "8.3") Double speedMps,
        @Schema(minimum = "0", maximum = "360", exclusiveMaximum = true, nullable = true,
                example = "270") Double headingDeg,
        @Schema(minimum = "0", maximum = "10000", nullable = true, example = "5") Double accuracyM,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Device time of the fix, an ISO-8601 "
                + "instant; at most ingest.validation.max-future-skew ahead of the server clock and at most "
                + "ingest.validation.max-age old.", example = "2026-11-25T16:00:00Z") Instant recordedAt) {

    /**
     * The record value for this update, for the rider the caller may write as ({@link UpdateAdmission}): the record
     * always names its rider, the request need not. Optional fields stay null, which the contract's serializer leaves
     * out.
     */
    LocationUpdateEvent toEvent(String admittedRiderId, Instant receivedAt) {
        UUID id = eventId != null ? eventId : UUID.randomUUID();
        return new LocationUpdateEvent(LocationUpdateEvent.SCHEMA_VERSION, id, admittedRiderId, tripId, lat, lon,
                speedMps, headingDeg, accuracyM, recordedAt, receivedAt);
    }
}
