package dev.ridehail.rider.position;

import java.time.Instant;

record LocationResponse(String riderId, double lat, double lon, Double speedMps, Double headingDeg, Double accuracyM,
        String tripId, Instant recordedAt, Instant receivedAt, long ageSeconds) {
}
