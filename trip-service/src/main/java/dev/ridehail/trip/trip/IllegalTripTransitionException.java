package dev.ridehail.trip.trip;

import java.util.UUID;

public class IllegalTripTransitionException extends RuntimeException {

    IllegalTripTransitionException(UUID id, Enum<?> from, Enum<?> to) {
        super("Trip " + id + " is " + from + " and cannot become " + to);
    }
}
