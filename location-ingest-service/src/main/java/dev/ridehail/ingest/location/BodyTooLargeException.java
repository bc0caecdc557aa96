package dev.ridehail.ingest.location;

/** The body exceeds the configured limit: 413. */
public class BodyTooLargeException extends RuntimeException {

    private final long limitBytes;

    public BodyTooLargeException(long limitBytes) {
        super("The request body exceeds " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
