package dev.ridehail.rider.registry;

public class RiderNotFoundException extends RuntimeException {

    public RiderNotFoundException(String riderId) {
        super("No rider with id '" + riderId + "'");
    }
}
