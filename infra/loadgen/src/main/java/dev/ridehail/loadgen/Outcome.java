package dev.ridehail.loadgen;

/** What the generator knows about one update after its request finished. */
public enum Outcome {

    /** 2xx: the server accepted it (for the ingest contract, the broker acknowledged it). */
    ACKED,
    /** A 4xx/5xx answer other than 429, or a refused connection: the server did not accept it. */
    REFUSED,
    /**
     * 429: the rider's rate limit refused it before anything was published. Not accepted, like {@link #REFUSED}, and
     * counted apart because it says the offered load is above the limit the target runs with, not that it failed.
     */
    RATE_LIMITED,
    /** Timeout or connection lost after sending: it may or may not have been stored. */
    UNKNOWN,
    /** Never sent: the generator itself fell further behind its schedule than the request timeout. */
    NOT_SENT
}
