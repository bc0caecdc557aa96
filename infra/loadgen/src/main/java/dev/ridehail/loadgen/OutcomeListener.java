package dev.ridehail.loadgen;

import java.util.List;

/** Told about every update's outcome, from worker threads concurrently; implementations must be thread-safe. */
@FunctionalInterface
public interface OutcomeListener {

    OutcomeListener NONE = (updates, outcome, status, latencyMicros) -> {
    };

    /**
     * @param status the HTTP status, or 0 when there was none
     * @param latencyMicros from the request's intended send time to its outcome
     */
    void onOutcome(List<LocationUpdate> updates, Outcome outcome, int status, long latencyMicros);
}
