package dev.ridehail.loadgen;

/** What the generator knows about one update after its request finished. */
public enum Outcome {

    /** 2xx: the server accepted it (for the ingest contract, the broker acknowledged it). */
    ACKED,
    /** A 4xx/5xx answer or a refused connection: the server did not accept it. */
    REFUSED,
    /** Timeout or connection lost after sending: it may or may not have been stored. */
    UNKNOWN,
    /** Never sent: the generator itself fell further behind its schedule than the request timeout. */
    NOT_SENT
}
