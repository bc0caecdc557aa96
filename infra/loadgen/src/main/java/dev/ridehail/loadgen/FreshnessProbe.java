package dev.ridehail.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * How long an update takes from ingest's {@code 202} to each consumer's REST answer. Single updates are posted on a
 * fixed schedule ({@code rate} per second, open loop: a slow answer never delays the next post), each on its own
 * virtual thread; for every sample, one virtual thread per consumer then reads the consumer's view of the update with
 * the rider's own token every {@code pollInterval} until the answer shows it or the deadline passes.
 *
 * <p>A sample's freshness runs from the moment the {@code 202} was read to the moment the first answer showing the
 * update was read: an upper bound, coarser than the truth by at most one poll interval and one read.
 */
final class FreshnessProbe implements AutoCloseable {

    private final FreshnessSettings settings;

    private final RiderFleet fleet;

    private final List<ConsumerView> views;

    private final PrintStream console;

    private final FleetTokens tokens;

    private final ConnectionPool ingest;

    private final Map<ConsumerView, ConnectionPool> consumers = new ConcurrentHashMap<>();

    private final Map<ConsumerView, Map<FreshnessPhase, FreshnessTally>> tallies = new ConcurrentHashMap<>();

    private final AtomicLong posted = new AtomicLong();

    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();

    private final LongAdder failedPosts = new LongAdder();

    private final LongAdder samplesDone = new LongAdder();

    private volatile AuthorizationRejectedException rejection;

    /** Fetches every rider's token first, so that no sample waits for the issuer. */
    FreshnessProbe(FreshnessSettings settings, List<ConsumerView> views, PrintStream console) {
        this.settings = settings;
        this.views = List.copyOf(views);
        this.console = console;
        this.fleet = RiderFleet.lisbon(settings.riders(), settings.riderPrefix(), settings.seed());
        this.tokens = FleetTokens.fetch(settings.tokenIssuer(), fleet.riderIds(), console);
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        this.ingest = new ConnectionPool(settings.ingestUri(), timeoutMillis);
        for (ConsumerView view : this.views) {
            consumers.put(view, new ConnectionPool(view.baseUri(), timeoutMillis));
            Map<FreshnessPhase, FreshnessTally> phases = new EnumMap<>(FreshnessPhase.class);
            for (FreshnessPhase phase : FreshnessPhase.values()) {
                phases.put(phase, new FreshnessTally(settings.deadline().plus(settings.requestTimeout())));
            }
            tallies.put(view, phases);
        }
    }

    /**
     * Posts every update on its schedule and returns once every sample is seen or timed out.
     *
     * @throws AuthorizationRejectedException when ingest or a consumer answered 401 or 403: the schedule stops
     */
    List<ServiceFreshness> run() {
        long posts = settings.posts();
        double periodNanos = 1e9 / settings.rate();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        Thread progress = settings.progress()
                ? Thread.ofPlatform().daemon().name("freshness-progress").start(() -> printProgress(start)) : null;
        // closing the executor waits for every post, and each post waits for its sample's readers
        try (ExecutorService senders = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("freshness-post-", 0).factory())) {
            for (long i = 0; i < posts && rejection == null; i++) {
                parkUntil(start + (long) (i * periodNanos));
                long sequence = i;
                senders.execute(() -> postAndFollow(sequence));
            }
        }
        finally {
            if (progress != null) {
                progress.interrupt();
            }
        }
        if (rejection != null) {
            throw rejection;
        }
        List<ServiceFreshness> results = new ArrayList<>();
        for (ConsumerView view : views) {
            Map<FreshnessPhase, FreshnessTally> phases = tallies.get(view);
            results.add(new ServiceFreshness(view.service(), view.endpoint(), view.baseUri().toString(),
                    phases.get(FreshnessPhase.WARM_UP).summary(), phases.get(FreshnessPhase.MEASURED).summary()));
        }
        return results;
    }

    /** What ingest answered; complete once {@link #run()} returned. */
    PostCounts posts() {
        Map<String, Long> byStatus = new TreeMap<>();
        answers.forEach((status, count) -> byStatus.put(Integer.toString(status), count.sum()));
        return new PostCounts(posted.get(), byStatus, failedPosts.sum());
    }

    private void postAndFollow(long sequence) {
        LocationUpdate update = fleet.next(sequence);
        posted.incrementAndGet();
        String authorization;
        try {
            authorization = tokens.authorization(update.riderId());
        }
        catch (RuntimeException ex) {
            // a renewal the issuer did not answer: nothing was sent
            failedPosts.increment();
            return;
        }
        byte[] body = update.toJson().getBytes(StandardCharsets.UTF_8);
        int status;
        try {
            status = ingest.call(connection -> {
                int answer = connection.post(LoadSettings.Mode.SINGLE.path(), body, authorization);
                stopIfRejected(answer, connection, "POST " + LoadSettings.Mode.SINGLE.path(), settings.ingestUri(),
                        update.riderId());
                return answer;
            });
        }
        catch (IOException ex) {
            failedPosts.increment();
            return;
        }
        long acceptedAt = System.nanoTime();
        answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        FreshnessPhase phase = settings.phaseOf(sequence);
        if (status != 202 || phase == null) {
            return;
        }
        List<Thread> readers = new ArrayList<>(views.size());
        for (ConsumerView view : views) {
            readers.add(Thread.ofVirtual()
                .name("freshness-" + view.service() + "-" + sequence)
                .start(() -> follow(view, update, authorization, acceptedAt, tallies.get(view).get(phase))));
        }
        for (Thread reader : readers) {
            try {
                reader.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        samplesDone.increment();
    }

    /** Reads {@code view} until it shows {@code update} or the deadline passes. */
    private void follow(ConsumerView view, LocationUpdate update, String authorization, long acceptedAt,
            FreshnessTally tally) {
        ConnectionPool pool = consumers.get(view);
        String path = view.pathFor(update);
        long intervalNanos = settings.pollInterval().toNanos();
        long deadline = acceptedAt + settings.deadline().toNanos();
        while (rejection == null) {
            long sentAt = System.nanoTime();
            HttpConnection.Response answer;
            try {
                answer = pool.call(connection -> {
                    HttpConnection.Response response = connection.get(path, authorization);
                    stopIfRejected(response.status(), connection, "GET " + path, view.baseUri(), update.riderId());
                    return response;
                });
            }
            catch (IOException ex) {
                answer = null;
                tally.failed();
            }
            long answeredAt = System.nanoTime();
            if (answer != null) {
                tally.answered(answer.status());
                if (answer.status() == 200 && view.shows(update, answer.body())) {
                    tally.seen((answeredAt - acceptedAt) / 1000);
                    return;
                }
            }
            if (answeredAt >= deadline) {
                tally.timedOut();
                return;
            }
            // from the start of this read: a slow answer is followed by the next read at once, not after a pause
            parkUntil(sentAt + intervalNanos);
        }
    }

    /** A 401 or 403 would be every request's answer: the first one stops the run, and is the one reported. */
    private void stopIfRejected(int status, HttpConnection connection, String request, URI target, String riderId) {
        if (status != 401 && status != 403) {
            return;
        }
        synchronized (this) {
            if (rejection == null) {
                rejection = new AuthorizationRejectedException(status, target + " answered " + status + " to "
                        + request + " for rider " + riderId + " (" + connection.lastRejection() + "). The probe "
                        + "stopped: the rider tokens from " + tokens.issuer() + " are not what it accepts (its "
                        + "JWT_ISSUER, JWT_JWK_SET_URI).");
            }
        }
    }

    private static void parkUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private void printProgress(long start) {
        long total = (long) settings.warmup() + settings.samples();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(5_000);
            }
            catch (InterruptedException ex) {
                return;
            }
            console.printf("[freshness] %4ds posted %d of %d, samples done %d of %d%n",
                    (System.nanoTime() - start) / 1_000_000_000L, posted.get(), settings.posts(), samplesDone.sum(),
                    total);
        }
    }

    @Override
    public void close() {
        tokens.close();
        ingest.close();
        consumers.values().forEach(ConnectionPool::close);
    }
}
