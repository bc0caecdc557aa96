package dev.ridehail.ingest.location;

/** The broker did not acknowledge every record within the bound: 503 with Retry-After. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
