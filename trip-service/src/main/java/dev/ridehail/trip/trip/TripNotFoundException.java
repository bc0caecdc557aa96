package dev.ridehail.trip.trip;

import java.util.UUID;

public class TripNotFoundException extends RuntimeException {

    TripNotFoundException(UUID id) {
        super("No trip with id " + id);
    }
}
