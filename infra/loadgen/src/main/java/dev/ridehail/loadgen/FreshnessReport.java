package dev.ridehail.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a freshness run measured, as the tables {@link #text()} prints and as the JSON document (this record's
 * components).
 */
record FreshnessReport(String startedAt, String loadAverageAtStart, String loadAverageAtEnd, String ingest,
        double rate, int riders, int warmupSamples, int measuredSamples, int sampleEvery, double pollIntervalMs,
        double deadlineSeconds, PostCounts posts, List<ServiceFreshness> services) {

    private static final String ROW = "%-22s %8s %10s %9s %9s %9s %9s %9s %8s %6s %7s%n";

    static FreshnessReport of(FreshnessSettings settings, String startedAt, String loadAverageAtStart,
            String loadAverageAtEnd, PostCounts posts, List<ServiceFreshness> services) {
        return new FreshnessReport(startedAt, loadAverageAtStart, loadAverageAtEnd, settings.ingestUri().toString(),
                settings.rate(), settings.riders(), settings.warmup(), settings.samples(), settings.sampleEvery(),
                settings.pollInterval().toNanos() / 1e6, settings.deadline().toMillis() / 1e3, posts, services);
    }

    /** One table per service, warm-up and measurement as rows, after the run's settings and ingest's answers. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "freshness: ingest's 202 to the first answer showing the update; "
                + "%s updates/s over %d riders, every %s a sample, reads every %s ms, deadline %s s%n", number(rate),
                riders, sampleEvery == 1 ? "update" : ordinal(sampleEvery), number(pollIntervalMs),
                number(deadlineSeconds)));
        out.append(String.format(Locale.ROOT, "started %s; load average %s at the start, %s at the end%n", startedAt,
                loadAverageAtStart, loadAverageAtEnd));
        out.append(String.format(Locale.ROOT, "ingest %s: posted %d, answered %s, no answer %d%n", ingest,
                posts.posted(), answers(posts.answers()), posts.failed()));
        for (ServiceFreshness service : services) {
            out.append(String.format(Locale.ROOT, "%n%s  %s  %s%n", service.service(), service.endpoint(),
                    service.baseUri()));
            out.append(String.format(Locale.ROOT, ROW, "", "samples", "timed out", "p50 ms", "p90 ms", "p99 ms",
                    "p99.9 ms", "max ms", "polls", "429", "failed"));
            out.append(row("warm-up (first " + warmupSamples + ")", service.warmUp()));
            out.append(row("measured", service.measured()));
        }
        return out.toString();
    }

    private static String row(String label, FreshnessSummary summary) {
        return String.format(Locale.ROOT, ROW, label, summary.samples(), summary.timedOut(), millis(summary.p50Ms()),
                millis(summary.p90Ms()), millis(summary.p99Ms()), millis(summary.p999Ms()), millis(summary.maxMs()),
                summary.polls(), summary.rateLimitedPolls(), summary.failedPolls());
    }

    private static String millis(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code 5} rather than {@code 5.0}, {@code 2.5} as it is. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private static String answers(Map<String, Long> byStatus) {
        return byStatus.isEmpty() ? "nothing"
                : byStatus.entrySet()
                    .stream()
                    .map(entry -> entry.getKey() + ": " + entry.getValue())
                    .collect(Collectors.joining(", "));
    }
}
