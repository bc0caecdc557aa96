package dev.ridehail.rider.position;

public class PositionNotFoundException extends RuntimeException {

    PositionNotFoundException(String riderId) {
        super("No position received yet for rider '" + riderId + "'");
    }
}
