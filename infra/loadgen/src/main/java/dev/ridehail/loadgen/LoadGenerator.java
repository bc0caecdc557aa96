package dev.ridehail.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop, constant-arrival-rate load generator. A dispatcher thread releases request {@code i} of a step at its
 * intended time {@code start + i / rate} whatever happened to earlier requests, so a slow server cannot slow the
 * schedule; each latency is measured from that intended time (the coordinated-omission correction of wrk2), recorded
 * in an HdrHistogram.
 *
 * <p>Each request carries the bearer token of the rider it posts for, from the demo issuer named in the settings; the
 * fleet's tokens are all fetched in the constructor, before any step. A 429 is counted as
 * {@link Outcome#RATE_LIMITED}; a 401 or 403 stops the step with an {@link AuthorizationRejectedException}.
 *
 * <pre>{@code
 * try (LoadGenerator generator = new LoadGenerator(LoadSettings.single(uri), RiderFleet.lisbon(2000, "r-", 1))) {
 *     StepResult step = generator.runStep("warm-up", 2_000, Duration.ofSeconds(10), OutcomeListener.NONE);
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

    private static final Pending POISON = new Pending(-1, 0, null);

    private final LoadSettings settings;

    private final RiderFleet fleet;

    private final PrintStream console;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

    private final List<Thread> workers = new ArrayList<>();

    private final AtomicLong requestSequence = new AtomicLong();

    private final FleetTokens tokens;

    public LoadGenerator(LoadSettings settings, RiderFleet fleet) {
        this(settings, fleet, System.err);
    }

    public LoadGenerator(LoadSettings settings, RiderFleet fleet, PrintStream console) {
        this.settings = settings;
        this.fleet = fleet;
        this.console = console;
        // before the workers exist: a fleet whose tokens cannot be had leaves no threads behind
        this.tokens = settings.tokenIssuer() == null ? FleetTokens.none()
                : FleetTokens.fetch(settings.tokenIssuer(), fleet.riderIds(), console);
        String host = settings.baseUri().getHost();
        int port = settings.baseUri().getPort() > 0 ? settings.baseUri().getPort() : 80;
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        for (int i = 0; i < settings.connections(); i++) {
            HttpConnection connection = new HttpConnection(host, port, timeoutMillis);
            // Platform threads: a virtual thread blocked on a socket re-registers with the poller on every read,
            // which measurably costs more CPU per request than a plain blocking read.
            workers.add(Thread.ofPlatform()
                .daemon()
                .stackSize(256 * 1024)
                .name("loadgen-worker-" + i)
                .start(() -> work(connection)));
        }
    }

    /** Several steps at increasing rates, stopping after the first step that is not sustained. */
    public List<StepResult> runLadder(String label, List<Double> rates, Duration stepDuration, double p99BoundMs,
            Duration pauseBetweenSteps, OutcomeListener listener) {
        List<StepResult> results = new ArrayList<>();
        for (double rate : rates) {
            StepResult result = runStep(label + "@" + Math.round(rate), rate, stepDuration, listener);
            results.add(result);
            if (!result.sustained(p99BoundMs)) {
                break;
            }
            sleep(pauseBetweenSteps);
        }
        return results;
    }

    /**
     * Offers {@code updatesPerSecond} for {@code duration} and waits for every request to finish (or time out).
     *
     * @throws AuthorizationRejectedException when the target answered 401 or 403; the step stops releasing requests
     */
    public StepResult runStep(String label, double updatesPerSecond, Duration duration, OutcomeListener listener) {
        Step step = new Step(label, listener);
        double requestsPerSecond = updatesPerSecond / settings.batchSize();
        long requests = Math.max(1, Math.round(requestsPerSecond * duration.toNanos() / 1e9));
        double periodNanos = 1e9 / requestsPerSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        step.start = start;
        step.scheduled = requests;
        Thread progress = settings.progress() ? Thread.ofPlatform()
            .daemon()
            .name("loadgen-progress")
            .start(() -> printProgress(step, updatesPerSecond)) : null;
        for (long i = 0; i < requests && step.rejection == null; i++) {
            long intended = start + (long) (i * periodNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(new Pending(i, intended, step));
            step.released = i + 1;
        }
        if (step.rejection != null) {
            step.stopAtReleased();
        }
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(5);
        try {
            if (!step.done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                console.printf("[%s] %d requests still unanswered after the timeout%n", label,
                        requests - step.completed.get());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        step.finished = true;
        if (progress != null) {
            progress.interrupt();
            try {
                progress.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (step.rejection != null) {
            throw step.rejection;
        }
        return step.result(updatesPerSecond, duration, settings.batchSize());
    }

    private void printProgress(Step step, double offered) {
        Histogram interval = null;
        long lastAcked = 0;
        long lastErrors = 0;
        long tick = System.nanoTime();
        while (!step.finished) {
            try {
                Thread.sleep(1000);
            }
            catch (InterruptedException ex) {
                return;
            }
            interval = step.recorder.getIntervalHistogram(interval);
            step.add(interval);
            long now = System.nanoTime();
            long acked = step.acked.sum();
            long errors = step.errorTotal();
            double seconds = (now - tick) / 1e9;
            console.printf("[%s] %4ds offered %,.0f/s acked %,.0f/s errors %d in-flight %d p50 %.1f ms p99 %.1f ms%n",
                    step.label, Math.max(0, (now - step.start) / 1_000_000_000L), offered,
                    (acked - lastAcked) / seconds, errors - lastErrors, step.inFlight(),
                    interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0);
            lastAcked = acked;
            lastErrors = errors;
            tick = now;
        }
    }

    private void work(HttpConnection connection) {
        String path = settings.mode().path();
        long timeoutNanos = settings.requestTimeout().toNanos();
        try (connection) {
            while (true) {
                Pending pending = queue.take();
                if (pending == POISON) {
                    return;
                }
                Step step = pending.step;
                List<LocationUpdate> updates = fleet.batch(requestSequence.getAndIncrement(), settings.batchSize());
                if (System.nanoTime() - pending.intended > timeoutNanos) {
                    step.record(pending, updates, Outcome.NOT_SENT, 0, "not_sent");
                    continue;
                }
                String riderId = updates.get(0).riderId();
                String authorization;
                try {
                    authorization = tokens.authorization(riderId);
                }
                catch (RuntimeException ex) {
                    // a renewal the issuer did not answer: nothing was sent, so certainly nothing stored
                    step.record(pending, updates, Outcome.REFUSED, 0, "token");
                    continue;
                }
                byte[] body = body(updates);
                try {
                    int status = connection.post(path, body, authorization);
                    if (status >= 200 && status < 300) {
                        step.record(pending, updates, Outcome.ACKED, status, null);
                    }
                    else if (status == 429) {
                        step.record(pending, updates, Outcome.RATE_LIMITED, status, "status_429");
                    }
                    else {
                        if (status == 401 || status == 403) {
                            step.reject(rejection(status, path, riderId, connection.lastRejection()));
                        }
                        step.record(pending, updates, Outcome.REFUSED, status, "status_" + status);
                    }
                }
                catch (HttpConnection.ConnectException ex) {
                    connection.close();
                    step.record(pending, updates, Outcome.REFUSED, 0, "connect");
                }
                catch (SocketTimeoutException ex) {
                    connection.close();
                    step.record(pending, updates, Outcome.UNKNOWN, 0, "timeout");
                }
                catch (IOException | RuntimeException ex) {
                    connection.close();
                    step.record(pending, updates, Outcome.UNKNOWN, 0, "io");
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private AuthorizationRejectedException rejection(int status, String path, String riderId, String answer) {
        String tokensFrom = tokens.issuer() == null ? "requests without a token"
                : "rider tokens from " + tokens.issuer();
        return new AuthorizationRejectedException(status, settings.baseUri() + " answered " + status + " to POST "
                + path + " for rider " + riderId + " (" + answer + "). The load stopped: with " + tokensFrom
                + " every request would be refused; the target must trust that issuer (JWT_ISSUER, JWT_JWK_SET_URI)"
                + " and a batch must hold one rider's updates.");
    }

    private byte[] body(List<LocationUpdate> updates) {
        if (settings.mode() == LoadSettings.Mode.SINGLE) {
            return updates.get(0).toJson().getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder json = new StringBuilder(updates.size() * 260 + 16).append("{\"updates\":[");
        for (int i = 0; i < updates.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            updates.get(i).appendJson(json);
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        tokens.close();
        for (int i = 0; i < workers.size(); i++) {
            queue.add(POISON);
        }
        for (Thread worker : workers) {
            try {
                worker.join(settings.requestTimeout().toMillis() + 1000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(long index, long intended, Step step) {
    }

    private static final class Step {

        final String label;

        final OutcomeListener listener;

        final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);

        final Histogram total = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);

        final LongAdder acked = new LongAdder();

        final LongAdder refused = new LongAdder();

        final LongAdder rateLimited = new LongAdder();

        final LongAdder unknown = new LongAdder();

        final LongAdder notSent = new LongAdder();

        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        final AtomicLong completed = new AtomicLong();

        final AtomicLong lastCompletion = new AtomicLong();

        final CountDownLatch done = new CountDownLatch(1);

        volatile long start;

        volatile long scheduled;

        volatile boolean finished;

        volatile long released;

        volatile AuthorizationRejectedException rejection;

        Step(String label, OutcomeListener listener) {
            this.label = label;
            this.listener = listener;
        }

        void record(Pending pending, List<LocationUpdate> updates, Outcome outcome, int status, String errorKind) {
            long now = System.nanoTime();
            long micros = Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, (now - pending.intended) / 1000));
            recorder.recordValue(micros);
            switch (outcome) {
                case ACKED -> acked.add(updates.size());
                case REFUSED -> refused.add(updates.size());
                case RATE_LIMITED -> rateLimited.add(updates.size());
                case UNKNOWN -> unknown.add(updates.size());
                case NOT_SENT -> notSent.add(updates.size());
            }
            if (errorKind != null) {
                errors.computeIfAbsent(errorKind, k -> new LongAdder()).increment();
            }
            listener.onOutcome(updates, outcome, status, micros);
            lastCompletion.accumulateAndGet(now, Math::max);
            if (completed.incrementAndGet() >= scheduled) {
                done.countDown();
            }
        }

        /** The first 401/403 wins: it is the one the message is about. */
        synchronized void reject(AuthorizationRejectedException ex) {
            if (rejection == null) {
                rejection = ex;
            }
        }

        /** After a rejection: the step is done when the requests already released are. */
        void stopAtReleased() {
            scheduled = released;
            if (completed.get() >= scheduled) {
                done.countDown();
            }
        }

        long errorTotal() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long inFlight() {
            return released - completed.get();
        }

        synchronized void add(Histogram interval) {
            total.add(interval);
        }

        synchronized StepResult result(double offered, Duration duration, int batchSize) {
            total.add(recorder.getIntervalHistogram());
            double scheduledSeconds = duration.toNanos() / 1e9;
            double seconds = Math.max(scheduledSeconds, (lastCompletion.get() - start) / 1e9);
            Map<String, Long> errorCounts = new TreeMap<>();
            errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
            return new StepResult(label, offered, acked.sum() / seconds, seconds, scheduled, scheduled * batchSize,
                    acked.sum(), refused.sum(), rateLimited.sum(), unknown.sum(), notSent.sum(), errorCounts, ms(total, 50), ms(total, 90),
                    ms(total, 99), ms(total, 99.9), total.getMaxValue() / 1000.0, total.getMean() / 1000.0);
        }

        private static double ms(Histogram histogram, double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
