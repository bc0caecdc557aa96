package dev.ridehail.loadgen;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/** Counts one service's samples of one phase as the probe's threads finish them. Thread-safe. */
final class FreshnessTally {

    private final Histogram micros;

    private long timedOut;

    private long polls;

    private long rateLimitedPolls;

    private long failedPolls;

    /**
     * {@code longest}: the longest freshness a sample can have (the deadline, plus a request timeout for the last read
     * sent before it), so that no sample is clipped.
     */
    FreshnessTally(Duration longest) {
        this.micros = new Histogram(Math.max(2, longest.toNanos() / 1000), 3);
    }

    synchronized void seen(long freshnessMicros) {
        micros.recordValue(Math.min(freshnessMicros, micros.getHighestTrackableValue()));
    }

    synchronized void timedOut() {
        timedOut++;
    }

    /** A read the service answered with {@code status}. */
    synchronized void answered(int status) {
        polls++;
        if (status == 429) {
            rateLimitedPolls++;
        }
        else if (status != 200 && status != 404) {
            failedPolls++;
        }
    }

    /** A read without an answer. */
    synchronized void failed() {
        polls++;
        failedPolls++;
    }

    synchronized FreshnessSummary summary() {
        long seen = micros.getTotalCount();
        return new FreshnessSummary(seen + timedOut, timedOut, millis(seen, 50), millis(seen, 90), millis(seen, 99),
                millis(seen, 99.9), seen == 0 ? null : micros.getMaxValue() / 1000.0, polls, rateLimitedPolls,
                failedPolls);
    }

    private Double millis(long seen, double percentile) {
        return seen == 0 ? null : micros.getValueAtPercentile(percentile) / 1000.0;
    }
}
