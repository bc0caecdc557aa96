package dev.ridehail.trip.history;

import java.time.Instant;
import java.util.UUID;

record TrackPoint(UUID eventId, UUID tripId, double lat, double lon, Float speedMps, Float headingDeg, Float accuracyM,
        Instant recordedAt, Instant receivedAt) {
}
