package dev.ridehail.democli;

/**
 * A plausible drive between two points: along the straight line, bowed sideways by up to a tenth of its length (roads
 * are not straight), so consecutive points are distinct and the distance is longer than the crow flies.
 */
record Route(double fromLat, double fromLon, double toLat, double toLon) {

    /** The position at {@code fraction} (0 = start, 1 = end) of the drive, as {lat, lon}. */
    double[] at(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        double dLat = toLat - fromLat;
        double dLon = toLon - fromLon;
        double bow = 0.1 * Math.sin(Math.PI * f);
        // Perpendicular to the direction of travel: (-dLon, dLat).
        return new double[] { fromLat + f * dLat - bow * dLon, fromLon + f * dLon + bow * dLat };
    }

    static double haversineMetres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
    }
}
