package dev.ridehail.trip.trip;

import java.util.List;
import java.util.Map;

/**
 * A GeoJSON (RFC 7946) Feature. The geometry is a LineString of [lon, lat] positions in recordedAt order, or null while
 * the trip has fewer than the two points a LineString needs.
 */
record RouteFeature(String type, LineString geometry, Map<String, Object> properties) {

    record LineString(String type, List<double[]> coordinates) {
    }

    static RouteFeature of(List<double[]> coordinates, Map<String, Object> properties) {
        LineString line = coordinates.size() < 2 ? null : new LineString("LineString", coordinates);
        return new RouteFeature("Feature", line, properties);
    }
}
