package dev.ridehail.rider.registry;

/** A rider with the same id or the same (normalised) plate is already registered. */
public class RiderConflictException extends RuntimeException {

    RiderConflictException(String message) {
        super(message);
    }
}
