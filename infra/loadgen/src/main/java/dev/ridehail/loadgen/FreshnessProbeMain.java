package dev.ridehail.loadgen;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line for {@link FreshnessProbe}, against a running stack (infra/local-stack/run.sh, whose ingest hosts the
 * demo issuer):
 *
 * <pre>
 * java -cp infra/loadgen/target/loadgen.jar dev.ridehail.loadgen.FreshnessProbeMain --rate 5 --samples 1000 \
 *      --json freshness.json
 * </pre>
 */
public final class FreshnessProbeMain {

    static final String USAGE = """
            Usage: freshness [options]    (infra/loadgen/freshness.sh, against a running local stack)
            Posts single updates to ingest on a fixed schedule and reports, per consumer service, the time from ingest's
            202 to the first answer of the service's REST API that shows the update (with the rider's own token).
              --ingest-url URL        location-ingest-service (default http://127.0.0.1:8081)
              --trip-url URL          trip-service, read: GET /api/v1/riders/{id}/track (default http://127.0.0.1:8083)
              --rider-url URL         rider-service, read: GET /api/v1/riders/{id}/location (default http://127.0.0.1:8082)
              --token-issuer URL      demo issuer of the riders' tokens (default <ingest-url>/demo)
              --rate R                single updates/s, open loop (default 5)
              --riders N              riders the updates go round-robin over (default max(50, 2 x rate))
              --rider-prefix P        riderId prefix (default fresh-)
              --seed N                route seed (default 1)
              --warmup N              first samples, reported apart as the first seconds after the start (default 50)
              --samples N             samples measured after the warm-up (default 1000)
              --sample-every K        every K-th update is a sample, the others are load only (default 1)
              --poll-interval D       time between two reads of one sample at one service (default 10ms)
              --deadline D            a sample not visible by then after its 202 counts as timed out (default 60s)
              --timeout D             connect and read timeout of each request (default 10s)
              --json FILE             write the results as JSON
              --quiet                 no progress line
            A 401 or 403 from any service stops the run with exit status 3. The consumers' read limit (429, per token,
            READ_RATE_LIMIT_BURST 100 / READ_RATE_LIMIT_PER_SECOND 20 by default) coarsens the samples it refuses: the
            tables count those reads.
            """;

    static final List<String> FLAGS = List.of("quiet", "help");

    private static final Set<String> OPTIONS = Set.of("ingest-url", "trip-url", "rider-url", "token-issuer", "rate",
            "riders", "rider-prefix", "seed", "warmup", "samples", "sample-every", "poll-interval", "deadline", "timeout",
            "json", "quiet", "help");

    private FreshnessProbeMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options;
        FreshnessSettings settings;
        try {
            options = options(args);
            if (options.containsKey("help")) {
                System.out.print(USAGE);
                return;
            }
            settings = FreshnessSettings.fromOptions(options);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("freshness: " + ex.getMessage());
            System.exit(2);
            return;
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadAtStart = LoadAverage.now();
        System.out.printf("freshness probe: started %s, load average %s (1, 5, 15 min); %d updates at %s/s%n",
                startedAt, loadAtStart, settings.posts(), FreshnessReport.number(settings.rate()));
        List<ConsumerView> views = List.of(new TripTrackView(settings.tripUri()),
                new RiderLocationView(settings.riderUri()));
        FreshnessReport report;
        try (FreshnessProbe probe = new FreshnessProbe(settings, views, System.err)) {
            List<ServiceFreshness> services = probe.run();
            report = FreshnessReport.of(settings, startedAt, loadAtStart, LoadAverage.now(), probe.posts(), services);
        }
        catch (AuthorizationRejectedException ex) {
            System.err.println("freshness: " + ex.getMessage());
            System.exit(3);
            return;
        }
        catch (IllegalStateException ex) {
            // the riders' tokens could not be had: nothing was posted
            System.err.println("freshness: " + ex.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(report.text());
        if (settings.json() != null) {
            LoadGenMain.writeJson(settings.json(), report);
        }
    }

    /** The options of {@code args}; an option the probe does not know is refused rather than silently ignored. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = LoadGenMain.parse(args, FLAGS, USAGE);
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        return options;
    }
}
