package dev.ridehail.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * What the freshness probe offers and how it looks.
 *
 * @param rate single updates per second posted to ingest, on a fixed schedule
 * @param riders riders the updates go round-robin over; each posts {@code rate / riders} per second, well below
 * ingest's per-rider limit, and each is read with its own token, so the consumers' per-token read limits are spread too
 * @param warmup samples reported apart, as the first seconds after the start
 * @param samples samples reported as the measurement, after the warm-up's
 * @param sampleEvery every k-th posted update is a sample (if ingest accepts it); the others are load only
 * @param pollInterval time between the starts of two reads of one sample at one service
 * @param deadline a sample not visible this long after its {@code 202} counts as timed out
 * @param requestTimeout connect and read timeout of every request
 * @param json where to write the results as JSON, or null
 */
record FreshnessSettings(URI ingestUri, URI tokenIssuer, URI tripUri, URI riderUri, double rate, int riders,
        String riderPrefix, long seed, int warmup, int samples, int sampleEvery, Duration pollInterval,
        Duration deadline, Duration requestTimeout, Path json, boolean progress) {

    static final String DEFAULT_INGEST = "http://127.0.0.1:8081";

    static final String DEFAULT_RIDER = "http://127.0.0.1:8082";

    static final String DEFAULT_TRIP = "http://127.0.0.1:8083";

    /** The fewest riders: at a trickle every rider posts rarely and its polls stay within the read limit's burst. */
    static final int MIN_RIDERS = 50;

    FreshnessSettings {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0");
        }
        requireAtLeast("--riders", riders, 1);
        requireAtLeast("--warmup", warmup, 0);
        requireAtLeast("--samples", samples, 1);
        requireAtLeast("--sample-every", sampleEvery, 1);
        if (pollInterval.isNegative() || pollInterval.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("--poll-interval and --deadline must be above 0");
        }
    }

    /**
     * Two riders per update per second (each then posts every 2 s, half of ingest's 1/s sustained limit), and at least
     * {@link #MIN_RIDERS}.
     */
    static int ridersFor(double rate) {
        return (int) Math.max(MIN_RIDERS, Math.ceil(rate * 2));
    }

    /** Updates to post: every sample's, and the updates between samples. */
    long posts() {
        return (long) (warmup + samples) * sampleEvery;
    }

    /** The phase posted update number {@code sequence} (from 0) is a sample of, or null when it is load only. */
    FreshnessPhase phaseOf(long sequence) {
        if (sequence % sampleEvery != 0) {
            return null;
        }
        return sequence / sampleEvery < warmup ? FreshnessPhase.WARM_UP : FreshnessPhase.MEASURED;
    }

    /** From the options {@link LoadGenMain#parse} read; every one has a default. */
    static FreshnessSettings fromOptions(Map<String, String> options) {
        URI ingest = URI.create(options.getOrDefault("ingest-url", DEFAULT_INGEST));
        double rate = number(options, "rate", "5");
        return new FreshnessSettings(ingest,
                URI.create(options.getOrDefault("token-issuer", LoadSettings.demoIssuerOf(ingest).toString())),
                URI.create(options.getOrDefault("trip-url", DEFAULT_TRIP)),
                URI.create(options.getOrDefault("rider-url", DEFAULT_RIDER)), rate,
                wholeNumber(options, "riders", Integer.toString(ridersFor(rate))),
                options.getOrDefault("rider-prefix", "fresh-"), wholeNumber(options, "seed", "1"),
                wholeNumber(options, "warmup", "50"), wholeNumber(options, "samples", "1000"),
                wholeNumber(options, "sample-every", "1"),
                LoadGenMain.duration(options.getOrDefault("poll-interval", "10ms")),
                LoadGenMain.duration(options.getOrDefault("deadline", "60s")),
                LoadGenMain.duration(options.getOrDefault("timeout", "10s")),
                options.containsKey("json") ? Path.of(options.get("json")) : null, !options.containsKey("quiet"));
    }

    private static double number(Map<String, String> options, String name, String fallback) {
        return option(options, name, fallback, Double::parseDouble, "a number");
    }

    private static int wholeNumber(Map<String, String> options, String name, String fallback) {
        return option(options, name, fallback, Integer::parseInt, "a whole number");
    }

    private static <T> T option(Map<String, String> options, String name, String fallback,
            Function<String, T> parser, String kind) {
        String text = options.getOrDefault(name, fallback);
        try {
            return parser.apply(text);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " takes " + kind + ", not " + text);
        }
    }

    private static void requireAtLeast(String name, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least);
        }
    }
}
