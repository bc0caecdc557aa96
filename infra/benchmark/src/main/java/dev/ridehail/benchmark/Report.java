package dev.ridehail.benchmark;

import dev.ridehail.loadgen.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders results.json into report.md and the SVG charts next to it. */
final class Report {

    private Report() {
    }

    static void write(Results results, Path directory) throws IOException {
        Files.createDirectories(directory);
        writeCharts(results, directory);
        Files.writeString(directory.resolve("report.md"), markdown(results));
    }

    private static void writeCharts(Results results, Path directory) throws IOException {
        if (!results.ladders().isEmpty()) {
            // a --drain-only run has no ladder, and a log-scale chart of nothing has no axis range
            writeLadderCharts(results, directory);
        }
        writeBurstAndOutageCharts(results, directory);
    }

    private static void writeLadderCharts(Results results, Path directory) throws IOException {
        SvgChart throughput = new SvgChart("Achieved vs offered rate", "offered updates/s", "acknowledged updates/s",
                false);
        SvgChart latency = new SvgChart("p99 latency (from intended send time) vs offered rate", "offered updates/s",
                "p99 ms", true);
        for (Results.Ladder ladder : results.ladders()) {
            throughput.add(ladder.path(),
                    ladder.steps().stream().map(s -> new SvgChart.Point(s.offeredRate(), s.achievedRate())).toList());
            latency.add(ladder.path(),
                    ladder.steps().stream().map(s -> new SvgChart.Point(s.offeredRate(), s.p99Ms())).toList());
        }
        Files.writeString(directory.resolve("throughput.svg"), throughput.render());
        Files.writeString(directory.resolve("latency.svg"), latency.render());
    }

    private static void writeBurstAndOutageCharts(Results results, Path directory) throws IOException {
        if (!results.bursts().isEmpty()) {
            SvgChart lag = new SvgChart("Burst: acknowledged but not yet stored", "seconds since burst start",
                    "updates behind", false);
            for (Results.Burst burst : results.bursts()) {
                lag.add(burst.path(), lagPoints(burst.lag()));
            }
            Files.writeString(directory.resolve("burst-lag.svg"), lag.render());
        }
        if (!results.outages().isEmpty()) {
            SvgChart lag = new SvgChart("Database outage: acknowledged but not yet stored", "seconds since start",
                    "updates behind", false);
            SvgChart acked = new SvgChart("Database outage: acknowledged updates", "seconds since start",
                    "acknowledged (cumulative)", false);
            for (Results.Outage outage : results.outages()) {
                lag.add(outage.path(), lagPoints(outage.lag()));
                acked.add(outage.path(),
                        outage.lag().stream().map(s -> new SvgChart.Point(s.seconds(), s.acked())).toList());
                lag.band(outage.outageFromSeconds(), outage.outageToSeconds(), "PostgreSQL down");
                acked.band(outage.outageFromSeconds(), outage.outageToSeconds(), "PostgreSQL down");
            }
            Files.writeString(directory.resolve("outage-lag.svg"), lag.render());
            Files.writeString(directory.resolve("outage-acked.svg"), acked.render());
        }
    }

    private static List<SvgChart.Point> lagPoints(List<Results.LagSample> samples) {
        // while the database is down the row count is unknown: no point rather than a made-up one
        return samples.stream()
            .filter(s -> s.rows() >= 0)
            .map(s -> new SvgChart.Point(s.seconds(), Math.max(0, s.acked() - s.rows())))
            .toList();
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: direct-to-database writes vs the Kafka pipeline\n\n");
        md.append("Run ").append(r.startedAt()).append(" → ").append(r.finishedAt())
            .append(r.quick() ? " (**quick mode**: correctness only, numbers are meaningless)" : "").append(".\n\n");
        md.append("> Figures are ratios between paths measured in this one run on one shared machine. ")
            .append("Absolute numbers on a 2-core machine shared with other work are noise; compare paths, not runs.\n\n");
        md.append("## Machine\n\n| | |\n|---|---|\n");
        r.machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| load average (1 min) during the run | ").append(loadSummary(r.loadAverage())).append(" |\n\n");
        md.append("Settings: `").append(r.settings()).append("`\n\n");

        md.append("## Summary\n\n");
        boolean drains = !r.drains().isEmpty();
        // the off-the-shelf sink only drains (scenario 4): one more column, filled in its own row only
        String none = " – |";
        md.append("| | direct | kafka-single | kafka-batch |").append(drains ? " connect-sink (drain only) |" : "")
            .append("\n|---|---|---|---|").append(drains ? "---|" : "").append('\n');
        int rowsStart = md.length();
        md.append("| highest sustained rate (updates/s, no errors, p99 ≤ ").append(fmt(bound(r))).append(" ms) |");
        for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
            md.append(' ').append(ladder(r, path).map(l -> fmt(l.sustainedRate())).orElse("–")).append(" |");
        }
        md.append("\n| ratio to direct |");
        double direct = ladder(r, Benchmark.DIRECT).map(Results.Ladder::sustainedRate).orElse(0.0);
        for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
            md.append(' ').append(ladder(r, path).map(l -> ratio(l.sustainedRate(), direct)).orElse("–")).append(" |");
        }
        if (!r.costs().isEmpty()) {
            md.append("\n| PostgreSQL CPU s per 1M stored updates |");
            for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
                md.append(' ').append(cost(r, path).map(c -> fmt(c.cpuSecondsPerMillion())).orElse("–")).append(" |");
            }
            md.append("\n| direct's CPU per update ÷ this path's |");
            double directCpu = cost(r, Benchmark.DIRECT).map(Results.Cost::cpuSecondsPerMillion).orElse(0.0);
            for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
                md.append(' ').append(cost(r, path).map(c -> ratio(directCpu, c.cpuSecondsPerMillion())).orElse("–"))
                    .append(" |");
            }
            md.append("\n| WAL MB per 1M stored updates |");
            for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
                md.append(' ').append(cost(r, path).map(c -> fmt(c.walBytesPerMillion() / 1e6)).orElse("–"))
                    .append(" |");
            }
        }
        if (!r.bursts().isEmpty()) {
            md.append("\n| burst: errors / p99 ms / drain s after the burst |");
            for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
                md.append(' ').append(r.bursts().stream().filter(b -> b.path().equals(path)).findFirst()
                    .map(b -> b.step().errorCount() + " / " + fmt(b.step().p99Ms()) + " / " + fmt(b.drainSeconds()))
                    .orElse("–")).append(" |");
            }
        }
        if (!r.outages().isEmpty()) {
            md.append("\n| 30 s database outage: refused / unknown / lost acknowledged |");
            for (String path : List.of(Benchmark.DIRECT, Benchmark.KAFKA_SINGLE, Benchmark.KAFKA_BATCH)) {
                md.append(' ').append(r.outages().stream().filter(o -> o.path().equals(path)).findFirst()
                    .map(o -> o.step().updatesRefused() + " / " + o.step().updatesUnknown() + " / "
                            + o.check().lost())
                    .orElse("not run")).append(" |");
            }
        }
        if (r.freshness() != null) {
            md.append("\n| freshness 202 → queryable, p50 / p99 ms | 0 (row committed before the 202) | ")
                .append(fmt(r.freshness().p50Ms())).append(" / ").append(fmt(r.freshness().p99Ms()))
                .append(" | – |");
        }
        if (drains) {
            // every row above has no connect-sink figure
            String rows = md.substring(rowsStart).replace("\n", none + "\n") + none;
            md.setLength(rowsStart);
            md.append(rows);
            md.append("\n| drain of a pre-loaded backlog: rows/s · PostgreSQL CPU s per 100k rows | – |");
            String trip = drain(r, "trip-service").map(Report::drainCell).orElse("–");
            md.append(' ').append(trip).append(" | ").append(trip).append(" | ")
                .append(r.drains().stream().filter(d -> d.path().equals("connect-sink"))
                    .map(d -> drainCell(d) + " (" + tasks(d) + ")")
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("–"))
                .append(" |");
        }
        md.append("\n\n");

        if (!r.ladders().isEmpty()) {
            md.append("## Rate ladder\n\n![throughput](throughput.svg)\n![latency](latency.svg)\n\n");
            md.append("| path | offered/s | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Results.Ladder ladder : r.ladders()) {
                for (StepResult s : ladder.steps()) {
                    md.append(row(ladder.path(), s));
                }
            }
            md.append('\n');
        }
        if (!r.costs().isEmpty()) {
            md.append("## Database cost\n\nSame offered rate on every path; PostgreSQL CPU = utime+stime of all server ")
                .append("processes (from /proc, including exited backends via the postmaster's cutime/cstime), WAL = ")
                .append("`pg_current_wal_lsn()` difference, both from the first request until every acknowledged ")
                .append("update was stored.\n\n");
            md.append("| path | offered/s | rows | seconds | CPU s | WAL MB | CPU s / 1M rows | WAL MB / 1M rows |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Results.Cost c : r.costs()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f | %.1f | %.1f | %.0f |%n", c.path(),
                        fmt(c.offeredRate()), c.stored(), c.seconds(), c.cpuSeconds(), c.walBytes() / 1e6,
                        c.cpuSecondsPerMillion(), c.walBytesPerMillion() / 1e6));
            }
            md.append('\n');
        }
        if (!r.bursts().isEmpty()) {
            md.append("## Burst\n\n![burst lag](burst-lag.svg)\n\n");
            md.append("| path | offered/s | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms | drain s |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Results.Burst b : r.bursts()) {
                md.append(row(b.path(), b.step()).stripTrailing()).append(' ').append(fmt(b.drainSeconds()))
                    .append(" |\n");
            }
            md.append('\n');
        }
        if (!r.outages().isEmpty()) {
            md.append("## Database outage\n\n![outage lag](outage-lag.svg)\n![outage acked](outage-acked.svg)\n\n");
            md.append("| path | PostgreSQL down (s) | acked | refused | unknown | errors | p99 ms | drain s | lost |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Results.Outage o : r.outages()) {
                md.append(String.format(Locale.ROOT, "| %s | %.0f–%.0f | %d | %d | %d | %s | %s | %s | %d |%n",
                        o.path(), o.outageFromSeconds(), o.outageToSeconds(), o.step().updatesAcked(),
                        o.step().updatesRefused(), o.step().updatesUnknown(), o.step().errors(), fmt(o.step().p99Ms()),
                        fmt(o.drainSeconds()), o.check().lost()));
            }
            md.append('\n');
        }
        if (drains) {
            md.append("## Drain: trip-service vs Kafka Connect + Debezium JDBC sink\n\n")
                .append("The topic is pre-loaded with the backlog (1 % of the updates published twice, as a client ")
                .append("retry would) while trip-service is frozen; then each consumer drains it alone into the same ")
                .append("table shape (trip-service's migrations; the sink's table is in its own database on the same ")
                .append("server). rows/s = rows ÷ time from the start (trip-service thawed; every Connect task ")
                .append("RUNNING after the resume, so task start-up is excluded but the new group's first join is ")
                .append("not) to the last stored row; ")
                .append("CPU from /proc over the whole drain. The sink upserts on the primary key (event_id, ")
                .append("recorded_at), so a repeated eventId stays one row, as in trip-service.\n\n");
            md.append("| consumer | configuration | records | distinct | s to first row | drain s | rows/s | ")
                .append("PostgreSQL CPU s | PostgreSQL CPU s / 100k rows | consumer CPU s / 100k rows |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Results.Drain d : r.drains()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %.2f | %.2f | %.2f |%n",
                        d.path(), d.configuration(), d.records(), d.distinct(), fmt(d.secondsToFirstRow()),
                        fmt(d.drainSeconds()), fmt(d.rowsPerSecond()), d.postgresCpuSeconds(), d.postgresCpuPer100k(),
                        d.consumerCpuPer100k()));
            }
            md.append('\n');
        }
        if (r.freshness() != null) {
            Results.Freshness f = r.freshness();
            md.append("## Freshness\n\n").append(String.format(Locale.ROOT,
                    "%s at %s updates/s: %d sampled updates polled through trip-service's track API every 20 ms "
                            + "after their 202: p50 %s ms, p99 %s ms, max %s ms, %d not visible within 60 s.%n%n",
                    f.path(), fmt(f.offeredRate()), f.samples(), fmt(f.p50Ms()), fmt(f.p99Ms()), fmt(f.maxMs()),
                    f.timedOut()));
        }
        md.append("## Count checks (rows == acknowledged, no duplicates)\n\n");
        md.append("`sent, not acked` = timed out, connection lost or refused: such an update may or may not be stored, so ")
            .append("the check is acked ≤ rows ≤ acked + sent-not-acked, with nothing lost and nothing twice.\n\n");
        md.append("| scenario | acked | sent, not acked | rows | lost | duplicates | result |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, HistoryTable.CountCheck> check : checks(r)) {
            HistoryTable.CountCheck c = check.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s |%n", check.getKey(), c.acked(),
                    c.unacknowledged(), c.rows(), c.lost(), c.duplicates(), c.passed() ? "pass" : "**FAIL**"));
        }
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    static List<Map.Entry<String, HistoryTable.CountCheck>> checks(Results r) {
        List<Map.Entry<String, HistoryTable.CountCheck>> checks = new ArrayList<>();
        r.ladders().forEach(l -> checks.add(Map.entry("ladder " + l.path(), l.check())));
        r.costs().forEach(c -> checks.add(Map.entry("cost " + c.path(), c.check())));
        r.bursts().forEach(b -> checks.add(Map.entry("burst " + b.path(), b.check())));
        r.outages().forEach(o -> checks.add(Map.entry("outage " + o.path(), o.check())));
        if (r.freshness() != null) {
            checks.add(Map.entry("freshness " + r.freshness().path(), r.freshness().check()));
        }
        r.drains().forEach(d -> checks.add(Map.entry("drain " + d.path()
                + (d.path().equals("connect-sink") ? " (" + tasks(d) + ")" : ""), d.check())));
        return checks;
    }

    private static String row(String path, StepResult s) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", path, fmt(s.offeredRate()),
                fmt(s.achievedRate()), s.errors().isEmpty() ? "0" : s.errors().toString(), fmt(s.p50Ms()),
                fmt(s.p99Ms()), fmt(s.p999Ms()), fmt(s.maxMs()));
    }

    private static double bound(Results r) {
        Object bound = r.settings().get("p99BoundMs");
        return bound instanceof Number n ? n.doubleValue() : 0;
    }

    private static Optional<Results.Ladder> ladder(Results r, String path) {
        return r.ladders().stream().filter(l -> l.path().equals(path)).findFirst();
    }

    private static Optional<Results.Drain> drain(Results r, String path) {
        return r.drains().stream().filter(d -> d.path().equals(path)).findFirst();
    }

    private static String drainCell(Results.Drain d) {
        return fmt(d.rowsPerSecond()) + " · " + fmt(d.postgresCpuPer100k());
    }

    private static String tasks(Results.Drain d) {
        return d.configuration().replaceAll("^tasks.max=(\\d+).*", "$1") + " task"
                + (d.configuration().startsWith("tasks.max=1,") ? "" : "s");
    }

    private static Optional<Results.Cost> cost(Results r, String path) {
        return r.costs().stream().filter(c -> c.path().equals(path)).findFirst();
    }

    private static String ratio(double a, double b) {
        return b <= 0 ? "–" : String.format(Locale.ROOT, "%.1f×", a / b);
    }

    private static String loadSummary(List<double[]> samples) {
        if (samples.isEmpty()) {
            return "not sampled";
        }
        double min = samples.stream().mapToDouble(s -> s[1]).min().orElse(0);
        double max = samples.stream().mapToDouble(s -> s[1]).max().orElse(0);
        double mean = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
        return String.format(Locale.ROOT, "min %.2f, mean %.2f, max %.2f (%d samples every 5 s)", min, mean, max,
                samples.size());
    }

    static String fmt(double value) {
        if (value < 0) {
            return "timeout";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
