package dev.ridehail.loadgen;

import java.util.Map;

/**
 * What one constant-rate step measured. Rates are in updates per second (a batch request of 100 counts 100);
 * latencies in milliseconds from each request's intended send time, so queueing caused by a slow server is included.
 *
 * @param offeredRate updates/s the schedule offered
 * @param achievedRate updates/s acknowledged (2xx), over the step's scheduled duration
 * @param updatesRateLimited updates answered 429 (not accepted; not in {@code updatesRefused})
 * @param errors count of failed requests by kind ({@code status_503}, {@code status_429}, {@code timeout},
 * {@code connect}, {@code io}, {@code token}, {@code not_sent})
 */
public record StepResult(String label, double offeredRate, double achievedRate, double durationSeconds,
        long requestsScheduled, long updatesScheduled, long updatesAcked, long updatesRefused, long updatesRateLimited,
        long updatesUnknown,
        long updatesNotSent, Map<String, Long> errors, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
        double maxMs, double meanMs) {

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sustained: no failed request and p99 within the bound. */
    public boolean sustained(double p99BoundMs) {
        return errorCount() == 0 && p99Ms <= p99BoundMs && achievedRate >= offeredRate * 0.95;
    }
}
