package dev.ridehail.democli;

import java.util.Locale;
import java.util.Optional;

/** The demo city, Bengaluru, cut into the zones the source notes' producer talks about. */
enum Zone {

    NORTH("Hebbal", 13.0358, 77.5970),

    SOUTH("Jayanagar", 12.9250, 77.5938),

    EAST("Indiranagar", 12.9784, 77.6408),

    WEST("Rajajinagar", 12.9916, 77.5530),

    CENTRE("MG Road", 12.9756, 77.6069);

    private final String area;

    private final double lat;

    private final double lon;

    Zone(String area, double lat, double lon) {
        this.area = area;
        this.lat = lat;
        this.lon = lon;
    }

    String area() {
        return area;
    }

    double lat() {
        return lat;
    }

    double lon() {
        return lon;
    }

    static Optional<Zone> parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("CENTER")) {
            return Optional.of(CENTRE);
        }
        for (Zone zone : values()) {
            if (zone.name().equals(name)) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }
}
