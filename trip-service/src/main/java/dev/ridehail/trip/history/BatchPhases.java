package dev.ridehail.trip.history;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where a poll's time goes ({@code trip_batch_phase_seconds{phase=...}}): parse, history-write, trip-aggregates,
 * offsets, and transaction (all of the write side including the commit). What the benchmark reports per phase, and
 * what to look at first when the consumer falls behind.
 */
final class BatchPhases {

    static final String METER = "trip_batch_phase_seconds";

    private BatchPhases() {
    }

    static Timer timer(MeterRegistry meters, String phase) {
        return Timer.builder(METER).description("Time spent per poll in one phase of the history consumer")
            .tag("phase", phase)
            .register(meters);
    }
}
