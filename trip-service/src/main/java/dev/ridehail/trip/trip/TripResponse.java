package dev.ridehail.trip.trip;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A trip with its aggregates as the API shows it. */
record TripResponse(UUID id, String riderId, TripStatus status, Position pickup, Position dropoff, Instant requestedAt,
        Instant startedAt, Instant completedAt, Instant cancelledAt, Double durationSeconds, long pointCount,
        double distanceMeters, TrackedPosition firstPosition, TrackedPosition lastPosition) {

    record TrackedPosition(double lat, double lon, Instant recordedAt) {
    }

    static TripResponse of(Trip trip, Instant now) {
        return new TripResponse(trip.getId(), trip.getRiderId(), trip.getStatus(),
                new Position(trip.getPickupLat(), trip.getPickupLon()),
                new Position(trip.getDropoffLat(), trip.getDropoffLon()), trip.getRequestedAt(), trip.getStartedAt(),
                trip.getCompletedAt(), trip.getCancelledAt(), duration(trip, now), trip.getPointCount(),
                trip.getDistanceM(), position(trip.getFirstLat(), trip.getFirstLon(), trip.getFirstRecordedAt()),
                position(trip.getLastLat(), trip.getLastLon(), trip.getLastRecordedAt()));
    }

    // From start to completion or cancellation; a trip under way counts up to now.
    private static Double duration(Trip trip, Instant now) {
        if (trip.getStartedAt() == null) {
            return null;
        }
        Instant end = trip.getCompletedAt() != null ? trip.getCompletedAt()
                : trip.getCancelledAt() != null ? trip.getCancelledAt() : now;
        return Duration.between(trip.getStartedAt(), end).toMillis() / 1000.0;
    }

    private static TrackedPosition position(Double lat, Double lon, Instant at) {
        return at == null ? null : new TrackedPosition(lat, lon, at);
    }
}
