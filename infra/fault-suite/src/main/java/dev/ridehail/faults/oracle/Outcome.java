package dev.ridehail.faults.oracle;

/** What the client learned about one update it sent. */
public enum Outcome {
    /** 202: the broker acknowledged the write; losing it is a bug. */
    ACKED,
    /** 4xx (a 429 rate-limit refusal too) or 503: the service said no; nothing was published, nothing is promised. */
    REFUSED,
    /** Timeout or connection error: it may or may not have been written. */
    UNKNOWN
}
