package dev.ridehail.benchmark;

import dev.ridehail.loadgen.StepResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

    @Nested
    class CountCheck {

        @Test
        void shouldPassWhenRowsEqualAcknowledged() {
            assertThat(new HistoryTable.CountCheck(100, 0, 100, 0, 0).passed()).isTrue();
        }

        @Test
        void shouldPassWhenExtraRowsComeFromTimedOutRequests() {
            assertThat(new HistoryTable.CountCheck(100, 5, 103, 0, 0).passed()).isTrue();
        }

        @Test
        void shouldFailWhenAnAcknowledgedUpdateIsMissing() {
            assertThat(new HistoryTable.CountCheck(100, 0, 100, 1, 0).passed()).isFalse();
        }

        @Test
        void shouldFailWhenAnEventIdIsStoredTwice() {
            assertThat(new HistoryTable.CountCheck(100, 0, 101, 0, 1).passed()).isFalse();
        }

        @Test
        void shouldFailWhenNothingWasAcknowledged() {
            assertThat(new HistoryTable.CountCheck(0, 50, 0, 0, 0).passed()).isFalse();
        }
    }

    @Nested
    class Markdown {

        @Test
        void shouldReportRatiosToTheDirectPathWhenEveryScenarioRan(@TempDir Path dir) throws Exception {
            Results results = results();

            Report.write(results, dir);

            String md = Files.readString(dir.resolve("report.md"));
            assertThat(md).contains("| ratio to direct | 1.0× | 2.0× | 20.0× | – |")
                .contains("| direct's CPU per update ÷ this path's | 1.0× | 2.0× | 10.0× |")
                .contains("| outage kafka-single | 10 | 0 | 10 | 0 | 0 | pass |")
                .contains("Figures are ratios");
            assertThat(dir.resolve("throughput.svg")).content().startsWith("<svg").contains("kafka-batch");
            assertThat(dir.resolve("outage-lag.svg")).content().contains("PostgreSQL down");
        }

        @Test
        void shouldPutTheSinkBesideTripServiceWhenTheDrainScenarioRan(@TempDir Path dir) throws Exception {
            Report.write(results(), dir);

            String md = Files.readString(dir.resolve("report.md"));
            assertThat(md).contains("| | direct | kafka-single | kafka-batch | connect-sink (drain only) |")
                .contains("| drain of a pre-loaded backlog: rows/s · PostgreSQL CPU s per 100k rows | – | 30,000 · 3.00 "
                        + "| 30,000 · 3.00 | 10,000 · 9.00 (1 task); 15,000 · 8.00 (2 tasks) |")
                .contains("## Drain: trip-service vs Kafka Connect + Debezium JDBC sink")
                .contains("| drain connect-sink (2 tasks) | 10 | 0 | 10 | 0 | 0 | pass |");
        }

        @Test
        void shouldWriteOnlyTheDrainWhenTheRunWasDrainOnly(@TempDir Path dir) throws Exception {
            Results all = results();
            Results drainOnly = new Results(all.startedAt(), all.finishedAt(), false, all.machine(), all.settings(),
                    List.of(), List.of(), List.of(), List.of(), null, all.drains(), all.loadAverage(), all.notes());

            Report.write(drainOnly, dir);

            assertThat(dir.resolve("report.md")).content()
                .contains("## Drain: trip-service vs Kafka Connect + Debezium JDBC sink")
                .doesNotContain("## Rate ladder");
            assertThat(dir.resolve("latency.svg")).doesNotExist();
        }

        @Test
        void shouldKeepThreeColumnsWhenResultsPredateTheDrainScenario(@TempDir Path dir) throws Exception {
            Results old = results();
            Results withoutDrains = new Results(old.startedAt(), old.finishedAt(), false, old.machine(),
                    old.settings(), old.ladders(), old.costs(), old.bursts(), old.outages(), old.freshness(), null,
                    old.loadAverage(), old.notes());

            Report.write(withoutDrains, dir);

            assertThat(dir.resolve("report.md")).content()
                .contains("| ratio to direct | 1.0× | 2.0× | 20.0× |\n")
                .doesNotContain("connect-sink");
        }
    }

    private static Results results() {
        HistoryTable.CountCheck ok = new HistoryTable.CountCheck(10, 0, 10, 0, 0);
        List<Results.LagSample> lag = List.of(new Results.LagSample(0, 0, 0), new Results.LagSample(1, 10, -1),
                new Results.LagSample(2, 20, 15));
        return new Results("start", "end", false, Map.of("cpu", "test"), Map.of("p99BoundMs", 100.0),
                List.of(new Results.Ladder("direct", List.of(step(1000)), 1000, ok),
                        new Results.Ladder("kafka-single", List.of(step(2000)), 2000, ok),
                        new Results.Ladder("kafka-batch", List.of(step(20000)), 20000, ok)),
                List.of(cost("direct", 100), cost("kafka-single", 50), cost("kafka-batch", 10)),
                List.of(new Results.Burst("direct", step(3000), 0.1, lag, ok)),
                List.of(new Results.Outage("kafka-single", 1, 2, step(500), 3, lag, ok)),
                new Results.Freshness("kafka-single", 500, 10, 0, 120, 400, 500, step(500), ok),
                List.of(drain("trip-service", "COPY", 30_000, 3), drain("connect-sink", "tasks.max=1, batch.size=5000",
                        10_000, 9), drain("connect-sink", "tasks.max=2, batch.size=5000", 15_000, 8)),
                List.<double[]>of(new double[] { 0, 1.5, 1.2 }), List.of());
    }

    private static Results.Drain drain(String path, String configuration, double rate, double cpuPer100k) {
        return new Results.Drain(path, configuration, 101_000, 100_000, 12, 10, rate, cpuPer100k, cpuPer100k, 5, 5,
                new HistoryTable.CountCheck(10, 0, 10, 0, 0));
    }

    private static Results.Cost cost(String path, double cpuPerMillion) {
        return new Results.Cost(path, 700, 1_000_000, 20, cpuPerMillion, 1_000_000_000L, cpuPerMillion, 1e9,
                step(700), new HistoryTable.CountCheck(10, 0, 10, 0, 0));
    }

    @Test
    void shouldReadTheCommittedResultsWhichPredateTheRateLimitedCount() {
        Results results = BenchmarkMain.readResults(
                Path.of("../../docs/benchmarks/2026-11-25/results.json"));

        assertThat(results.ladders()).isNotEmpty();
        assertThat(results.ladders().getFirst().steps()).isNotEmpty()
            .allSatisfy(step -> assertThat(step.updatesRateLimited()).isZero());
    }

    private static StepResult step(double rate) {
        return new StepResult("s", rate, rate, 10, (long) rate * 10, (long) rate * 10, (long) rate * 10, 0, 0, 0, 0,
                Map.of(), 1, 2, 3, 4, 5, 1.5);
    }
}
