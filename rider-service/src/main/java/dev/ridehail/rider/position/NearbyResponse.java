package dev.ridehail.rider.position;

import dev.ridehail.rider.registry.RiderStatus;

import java.time.Instant;
import java.util.List;

/** Riders within {@code radiusM} of the centre, nearest first; {@code registered=false} riders have no status. */
record NearbyResponse(double lat, double lon, int radiusM, int maxAgeS, RiderStatus status, int limit,
        List<NearbyRider> riders) {

    record NearbyRider(String riderId, double lat, double lon, double distanceM, Instant recordedAt, long ageSeconds,
            RiderStatus status, boolean registered) {
    }
}
