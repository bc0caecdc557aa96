package dev.ridehail.contract;

/**
 * The one Earth model every distance in the system is measured on: a sphere of the IUGG mean radius R1. trip-service's
 * route lengths and rider-service's nearby distances both use it, so the same two points are the same distance apart
 * in both services.
 */
public final class Earth {

    /** Mean Earth radius in metres (IUGG R1 = (2a + b) / 3 of WGS84). */
    public static final double MEAN_RADIUS_M = 6_371_008.8;

    private Earth() {
    }
}
