package dev.ridehail.trip.trip;

import java.util.UUID;

public class TripAlreadyExistsException extends RuntimeException {

    TripAlreadyExistsException(UUID id) {
        super("A trip with id " + id + " already exists");
    }
}
