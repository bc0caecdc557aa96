package dev.ridehail.benchmark;

import dev.ridehail.loadgen.LoadGenerator;
import dev.ridehail.loadgen.LocationUpdate;
import dev.ridehail.loadgen.OutcomeListener;
import dev.ridehail.loadgen.StepResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one load step on one path while remembering every acknowledged eventId and sampling the path's lag
 * (acknowledged so far minus rows in the table), then waits until the table holds every acknowledged update.
 */
final class Tracked {

    record Run(StepResult step, List<UUID> acked, long unacknowledged, List<Results.LagSample> lag, double drainSeconds) {
    }

    /** One scenario on one path: its own generator whose riders share a prefix no other scenario uses. */
    record Target(LoadGenerator generator, HistoryTable table, String riderPrefix) {
    }

    private Tracked() {
    }

    static Run run(Target target, String label, double rate, Duration duration,
            Duration drainTimeout, OutcomeListener extra, Runnable duringStep) {
        LoadGenerator generator = target.generator();
        HistoryTable table = target.table();
        String prefix = target.riderPrefix();
        ConcurrentLinkedQueue<UUID> acked = new ConcurrentLinkedQueue<>();
        LongAdder ackedCount = new LongAdder();
        LongAdder unknown = new LongAdder();
        OutcomeListener listener = (updates, outcome, status, latency) -> {
            if (outcome == dev.ridehail.loadgen.Outcome.ACKED) {
                for (LocationUpdate update : updates) {
                    acked.add(update.eventId());
                }
                ackedCount.add(updates.size());
            }
            else if (outcome == dev.ridehail.loadgen.Outcome.UNKNOWN
                    || outcome == dev.ridehail.loadgen.Outcome.REFUSED) {
                unknown.add(updates.size());
            }
            // RATE_LIMITED is neither: a 429 is answered before anything is written, so no row may exist for it
            extra.onOutcome(updates, outcome, status, latency);
        };
        List<Results.LagSample> lag = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        Thread sampler = Thread.ofPlatform().daemon().name("lag-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long ackedNow = ackedCount.sum();
                long rows = table.countOrMinusOne(prefix);
                lag.add(new Results.LagSample((System.nanoTime() - start) / 1e9, ackedNow, rows));
                try {
                    Thread.sleep(500);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        });
        Thread scenario = duringStep != null ? Thread.ofPlatform().daemon().start(duringStep) : null;
        StepResult step = generator.runStep(label, rate, duration, listener);
        long stepEnd = System.nanoTime();
        if (scenario != null) {
            try {
                scenario.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        double drainSeconds = awaitDrained(table, prefix, ackedCount.sum(), drainTimeout, stepEnd);
        // a few more samples after the drain so charts show the flat end
        Sleeps.millis(1000);
        sampler.interrupt();
        try {
            sampler.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return new Run(step, new ArrayList<>(acked), unknown.sum(), List.copyOf(lag), drainSeconds);
    }

    /** Seconds from {@code since} until the table holds at least {@code expected} rows; -1 on timeout. */
    static double awaitDrained(HistoryTable table, String prefix, long expected, Duration timeout, long since) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long rows = table.countOrMinusOne(prefix);
            if (rows >= expected) {
                return Math.max(0, (System.nanoTime() - since) / 1e9);
            }
            Sleeps.millis(100);
        }
        return -1;
    }
}
