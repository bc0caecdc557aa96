package dev.ridehail.faults.scenarios;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The suite's knobs, from system properties (surefire passes them from Maven properties of the same names).
 *
 * @param size updates per scenario ({@code -Dfaults.size}, default 20,000; 1,000,000 for the full-size run)
 * @param outage how long the broker or the database is away, or slow ({@code -Dfaults.outage}, ISO-8601; default
 *     10 s at sizes up to 100,000 so the suite fits in CI, else the figures: 30 s broker, 60 s database)
 * @param rate updates per second the load generator offers ({@code -Dfaults.rate}, default 1,000)
 * @param projectRoot the repository root holding the service jars ({@code -Dfaults.projectRoot})
 */
record SuiteSettings(long size, Duration outage, double rate, Path projectRoot) {

    static SuiteSettings fromSystemProperties() {
        long size = Long.parseLong(property("faults.size", "20000"));
        String outage = property("faults.outage", "");
        double rate = Double.parseDouble(property("faults.rate", size > 100_000 ? "4000" : "1000"));
        Path root = Path.of(property("faults.projectRoot", "../..")).toAbsolutePath().normalize();
        return new SuiteSettings(size, outage.isBlank() ? null : Duration.parse(outage), rate, root);
    }

    boolean fullSize() {
        return size > 100_000;
    }

    /** The broker outage: the issue says 30 s. */
    Duration brokerOutage() {
        return outage != null ? outage : fullSize() ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
    }

    /** The database outage or slowness: the issue says 60 s. */
    Duration databaseOutage() {
        return outage != null ? outage : fullSize() ? Duration.ofSeconds(60) : Duration.ofSeconds(10);
    }

    String describe() {
        return "size=%d updates per scenario, offered rate=%.0f/s, broker outage=%ds, database outage=%ds"
            .formatted(size, rate, brokerOutage().toSeconds(), databaseOutage().toSeconds());
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
