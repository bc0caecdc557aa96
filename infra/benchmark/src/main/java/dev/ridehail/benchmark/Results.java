package dev.ridehail.benchmark;

import dev.ridehail.loadgen.StepResult;

import java.util.List;
import java.util.Map;

/** Everything a run measured; written as results.json and rendered into report.md. */
record Results(String startedAt, String finishedAt, boolean quick, Map<String, String> machine,
        Map<String, Object> settings, List<Ladder> ladders, List<Cost> costs, List<Burst> bursts,
        List<Outage> outages, Freshness freshness, List<double[]> loadAverage, List<String> notes) {

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

    /** @param rows -1 while the database did not answer */
    record LagSample(double seconds, long acked, long rows) {
    }
}
