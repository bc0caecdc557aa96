package dev.ridehail.ingest.location;

/** The body is not well-formed UTF-8 JSON within the nesting limit: 400. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }
}
