package dev.ridehail.trip.trip;

import java.time.Instant;
import java.util.UUID;

/** A location-history row that carries a tripId, as the batch writer hands it to the trip aggregates. */
public record TripPoint(UUID tripId, UUID eventId, double lat, double lon, Instant recordedAt) {
}
