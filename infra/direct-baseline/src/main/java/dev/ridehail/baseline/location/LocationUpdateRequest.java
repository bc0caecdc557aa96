package dev.ridehail.baseline.location;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.util.UUID;

/**
 * One location update, the same fields as location-ingest-service's {@code POST /api/v1/locations}; without a riderId
 * it is for the token's rider.
 */
record LocationUpdateRequest(UUID eventId,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String riderId,
        UUID tripId,
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
        @DecimalMin("0") @DecimalMax("100") Double speedMps,
        @DecimalMin("0") @DecimalMax(value = "360", inclusive = false) Double headingDeg,
        @DecimalMin("0") @DecimalMax("10000") Double accuracyM,
        @NotNull Instant recordedAt) {
}
