package dev.ridehail.ingest.location;

import java.util.List;

/** Well-formed JSON with values the contract does not allow: 422, listing every bad field. */
public class InvalidLocationUpdateException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidLocationUpdateException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
