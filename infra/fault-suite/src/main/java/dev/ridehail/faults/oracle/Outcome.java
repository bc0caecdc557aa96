package dev.ridehail.faults.oracle;

/** What the client learned about one update it sent. */
public enum Outcome {
    /** 202: the broker acknowledged the write; losing it is a bug. */
    ACKED,
    /** 4xx or 503: the service said no; the client should retry, nothing is promised. */
    REFUSED,
    /** Timeout or connection error: it may or may not have been written. */
    UNKNOWN
}
