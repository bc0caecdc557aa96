package dev.ridehail.faults.scenarios;

import dev.ridehail.loadgen.LoadGenerator;
import dev.ridehail.loadgen.LoadSettings;
import dev.ridehail.loadgen.RiderFleet;
import dev.ridehail.loadgen.StepResult;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Open-loop load from the project's load generator, run in short constant-rate steps on a background thread until at
 * least a given number of updates were sent and the scenario says stop: the faults happen while it runs. The riders'
 * tokens are fetched when the load is started, before its first request. A 401/403 stops the load, and the next
 * {@link #awaitSent} or {@link #finish} fails with the generator's reason: the token set-up is wrong, not the system.
 */
final class BackgroundLoad implements AutoCloseable {

    private static final Duration STEP = Duration.ofSeconds(2);

    private final LoadGenerator generator;

    private final Journal journal;

    private final long minimumUpdates;

    private final double rate;

    private final List<StepResult> steps = new CopyOnWriteArrayList<>();

    private final Thread thread;

    private volatile boolean stopRequested;

    private volatile RuntimeException failure;

    private BackgroundLoad(LoadGenerator generator, Journal journal, long minimumUpdates, double rate) {
        this.generator = generator;
        this.journal = journal;
        this.minimumUpdates = minimumUpdates;
        this.rate = rate;
        this.thread = Thread.ofPlatform().name("fault-load").daemon().unstarted(this::run);
    }

    /**
     * @param batchSize 1 for {@code POST /api/v1/locations}, more for the batch endpoint
     * @param riderPrefix keeps each scenario's riders apart
     */
    static BackgroundLoad start(FaultStack system, int batchSize, int riders, String riderPrefix, long minimumUpdates,
            double rate, Duration requestTimeout, Journal journal) {
        URI uri = URI.create(system.ingestUrl());
        LoadSettings settings = (batchSize == 1 ? LoadSettings.single(uri).withConnections(64)
                : LoadSettings.batch(uri, batchSize).withConnections(16))
            .withRequestTimeout(requestTimeout)
            .withProgress(false)
            .withTokenIssuer(system.demoIssuer());
        RiderFleet fleet = RiderFleet.lisbon(riders, riderPrefix, riderPrefix.hashCode());
        LoadGenerator generator = new LoadGenerator(settings, fleet, new PrintStream(OutputStream.nullOutputStream()));
        BackgroundLoad load = new BackgroundLoad(generator, journal, minimumUpdates, rate);
        load.thread.start();
        return load;
    }

    private void run() {
        int step = 0;
        try {
            while (!(stopRequested && journal.sent() + journal.notSent() >= minimumUpdates)) {
                steps.add(generator.runStep("step-" + step++, rate, STEP, journal));
            }
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
    }

    private void failIfStopped() {
        RuntimeException stopped = failure;
        if (stopped != null) {
            throw new AssertionError("The load stopped: " + stopped.getMessage(), stopped);
        }
    }

    /** Blocks until at least {@code updates} were answered (or given up on). */
    void awaitSent(long updates, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (journal.sent() + journal.notSent() < updates) {
            failIfStopped();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + journal.sent() + " of " + updates + " updates sent within " + limit);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Lets the load reach its minimum, then stops it and waits for the last step. */
    void finish(Duration limit) {
        stopRequested = true;
        try {
            thread.join(limit);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        failIfStopped();
        if (thread.isAlive()) {
            throw new AssertionError("Load did not finish within " + limit + " (" + journal.sent() + " sent)");
        }
    }

    List<StepResult> steps() {
        return List.copyOf(steps);
    }

    Journal journal() {
        return journal;
    }

    @Override
    public void close() {
        stopRequested = true;
        generator.close();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
