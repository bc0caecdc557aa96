package dev.ridehail.trip.history;

/**
 * A rider's track asked for by a token that may not see it. trip-service keeps no rider registry (an unknown rider
 * simply has an empty track), so this answers every rider but the token's own alike, whether it exists or not.
 */
public class RiderNotFoundException extends RuntimeException {

    RiderNotFoundException(String riderId) {
        super("No rider '" + riderId + "' is visible to this token");
    }
}
