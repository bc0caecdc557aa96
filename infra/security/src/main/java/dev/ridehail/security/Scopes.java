package dev.ridehail.security;

import java.util.List;

/**
 * The scopes of this API, as the {@code scope} claim of a token names them. Spring Security turns each into the
 * authority {@code SCOPE_<scope>}; rules name scopes through {@link #authority}.
 */
public final class Scopes {

    /** Post location updates, only as the token's own rider. */
    public static final String LOCATION_WRITE = "location:write";

    /** Read one's own latest position, track, trips and routes. */
    public static final String SELF_READ = "self:read";

    /** Create and move trips: a rider its own, an operator anyone's. */
    public static final String TRIP_WRITE = "trip:write";

    /** Read every rider's data: positions, nearby riders, trip lists, the registry, health details, metrics. */
    public static final String FLEET_READ = "fleet:read";

    /** Registry writes and actuator writes (loggers and the like). */
    public static final String ADMIN = "admin";

    public static final List<String> RIDER = List.of(LOCATION_WRITE, SELF_READ, TRIP_WRITE);

    public static final List<String> OPERATOR = List.of(FLEET_READ, TRIP_WRITE);

    public static final List<String> ADMINISTRATOR = List.of(FLEET_READ, TRIP_WRITE, ADMIN);

    private Scopes() {
    }

    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
