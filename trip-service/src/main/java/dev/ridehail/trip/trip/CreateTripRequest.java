package dev.ridehail.trip.trip;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.UUID;

/**
 * A new trip. {@code tripId} is optional: a dispatcher that hands the id to the rider app before the trip reaches this
 * service may supply it, and location updates already published with it are attached. {@code riderId} is optional
 * for a rider's token (its own rider is taken) and required for a fleet token; the service checks both.
 */
record CreateTripRequest(UUID tripId,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9_-]") String riderId,
        @NotNull @Valid Position pickup, @NotNull @Valid Position dropoff) {
}
