package dev.ridehail.trip.web;

/** A request parameter that is well-formed but not acceptable (for example a window that is too long). */
public class BadRequestException extends RuntimeException {

    private final String parameter;

    public BadRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
