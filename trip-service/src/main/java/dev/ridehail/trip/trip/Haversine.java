package dev.ridehail.trip.trip;

import dev.ridehail.contract.Earth;

/**
 * Great-circle distance on a sphere of the mean Earth radius ({@link Earth}, shared with rider-service's nearby search). The same formula runs in SQL when a trip's aggregates are
 * recomputed from history ({@link TripAggregates}), so both paths agree.
 */
final class Haversine {

    static final double EARTH_RADIUS_M = Earth.MEAN_RADIUS_M;

    private Haversine() {
    }

    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
