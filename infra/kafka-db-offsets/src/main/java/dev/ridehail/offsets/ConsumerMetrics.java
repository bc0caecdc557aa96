package dev.ridehail.offsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where a poll's time goes ({@code consumer_batch_phase_seconds{phase=...}}): the shared loop records {@code parse},
 * {@code offsets} and {@code transaction} (all of the write side including the commit); a writer adds its own phases
 * (trip-service: {@code history-write}, {@code trip-aggregates}). What the benchmark reports per phase, and what to look
 * at first when a consumer falls behind.
 */
public final class ConsumerMetrics {

    public static final String BATCH_PHASE = "consumer.batch.phase";

    public static final String BATCH_RECORDS = "consumer.batch.records";

    private ConsumerMetrics() {
    }

    public static Timer batchPhase(MeterRegistry meters, String phase) {
        return Timer.builder(BATCH_PHASE)
            .description("Time spent per poll in one phase of the consumer")
            .tag("phase", phase)
            .register(meters);
    }
}
