package dev.ridehail.ingest.location;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The service's own meters: updates accepted, requests rejected by reason, and how long the broker took to
 * acknowledge (per request, so a batch counts once).
 */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;

    private final Counter acceptedSingle;

    private final Counter acceptedBatch;

    private final Timer publishSingle;

    private final Timer publishBatch;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acceptedSingle = accepted(registry, "single");
        this.acceptedBatch = accepted(registry, "batch");
        this.publishSingle = publish(registry, "single");
        this.publishBatch = publish(registry, "batch");
    }

    private static Counter accepted(MeterRegistry registry, String endpoint) {
        return Counter.builder("ingest.updates.accepted")
            .description("Location updates acknowledged by Kafka and answered with 202")
            .tag("endpoint", endpoint)
            .register(registry);
    }

    private static Timer publish(MeterRegistry registry, String endpoint) {
        return Timer.builder("ingest.publish.latency")
            .description("Time from handing a request's records to the producer until Kafka acknowledged all of them")
            .tag("endpoint", endpoint)
            .publishPercentileHistogram()
            .register(registry);
    }

    void accepted(boolean batch, int updates) {
        (batch ? acceptedBatch : acceptedSingle).increment(updates);
    }

    void published(boolean batch, Duration latency) {
        (batch ? publishBatch : publishSingle).record(latency);
    }

    /** Counts a refused request; reason is a short, fixed word such as {@code invalid} or {@code too_large}. */
    public void rejected(String reason) {
        Counter.builder("ingest.requests.rejected")
            .description("Requests answered with an error, by reason")
            .tag("reason", reason)
            .register(registry)
            .increment();
    }
}
