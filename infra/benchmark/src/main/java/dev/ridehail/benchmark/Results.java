package dev.ridehail.benchmark;

import dev.ridehail.loadgen.StepResult;

import java.util.List;
import java.util.Map;

/** Everything a run measured; written as results.json and rendered into report.md. */
record Results(String startedAt, String finishedAt, boolean quick, Map<String, String> machine,
        Map<String, Object> settings, List<Ladder> ladders, List<Cost> costs, List<Burst> bursts,
        List<Outage> outages, Freshness freshness, List<Drain> drains, List<double[]> loadAverage,
        List<String> notes) {

    /** Results from before the drain scenario existed have no drains. */
    Results {
        drains = drains == null ? List.of() : drains;
    }

    /** @param sustainedRate the highest offered rate with no errors and p99 within the bound (0 if none) */
    record Ladder(String path, List<StepResult> steps, double sustainedRate, HistoryTable.CountCheck check) {
    }

    /**
     * Database cost of storing the same number of updates through one path at the same offered rate, measured from
     * the first request until every acknowledged update is in the table.
     */
    record Cost(String path, double offeredRate, long stored, double seconds, double cpuSeconds, long walBytes,
            double cpuSecondsPerMillion, double walBytesPerMillion, StepResult step, HistoryTable.CountCheck check) {
    }

    /** @param drainSeconds from the end of the burst until every acknowledged update was in the table */
    record Burst(String path, StepResult step, double drainSeconds, List<LagSample> lag,
            HistoryTable.CountCheck check) {
    }

    record Outage(String path, double outageFromSeconds, double outageToSeconds, StepResult step,
            double drainSeconds, List<LagSample> lag, HistoryTable.CountCheck check) {
    }

    record Freshness(String path, double offeredRate, long samples, long timedOut, double p50Ms, double p99Ms,
            double maxMs, StepResult step, HistoryTable.CountCheck check) {
    }

    /**
     * One consumer draining the same pre-loaded backlog alone (scenario 4).
     *
     * @param path {@code trip-service} or {@code connect-sink}
     * @param records records in the backlog (distinct updates plus the repeated ones)
     * @param secondsToFirstRow from the start (trip-service thawed, or every Connect task RUNNING) to the first
     * committed row
     * @param drainSeconds from the start to the last stored row (what {@code rowsPerSecond} is based on)
     * @param consumerCpuSeconds utime+stime of the consumer's own process (trip-service or the Connect worker)
     */
    record Drain(String path, String configuration, long records, long distinct, double secondsToFirstRow,
            double drainSeconds, double rowsPerSecond, double postgresCpuSeconds, double postgresCpuPer100k,
            double consumerCpuSeconds, double consumerCpuPer100k, HistoryTable.CountCheck check) {
    }

    /** @param rows -1 while the database did not answer */
    record LagSample(double seconds, long acked, long rows) {
    }
}
