package dev.ridehail.loadgen;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FreshnessReportTests {

    private static final Duration LONGEST = Duration.ofSeconds(70);

    /** 1 .. 1000 ms, one sample each: the percentiles are known. */
    private static FreshnessTally oneToAThousandMillis() {
        FreshnessTally tally = new FreshnessTally(LONGEST);
        for (int ms = 1; ms <= 1000; ms++) {
            tally.seen(ms * 1000L);
        }
        return tally;
    }

    @Nested
    class Summary {

        @Test
        void shouldGiveThePercentilesInMillisecondsWhenSamplesWereSeen() {
            FreshnessSummary summary = oneToAThousandMillis().summary();

            assertThat(summary.samples()).isEqualTo(1000);
            assertThat(summary.timedOut()).isZero();
            // HdrHistogram with 3 significant digits: within 0.1 %
            assertThat(summary.p50Ms()).isCloseTo(500.0, within(0.5));
            assertThat(summary.p90Ms()).isCloseTo(900.0, within(0.9));
            assertThat(summary.p99Ms()).isCloseTo(990.0, within(1.0));
            assertThat(summary.p999Ms()).isCloseTo(999.0, within(1.0));
            assertThat(summary.maxMs()).isCloseTo(1000.0, within(1.0));
        }

        @Test
        void shouldCountTimedOutSamplesAsSamplesButNotInThePercentiles() {
            FreshnessTally tally = new FreshnessTally(LONGEST);
            tally.seen(20_000);
            tally.timedOut();
            tally.timedOut();

            FreshnessSummary summary = tally.summary();

            assertThat(summary.samples()).isEqualTo(3);
            assertThat(summary.timedOut()).isEqualTo(2);
            assertThat(summary.maxMs()).isCloseTo(20.0, within(0.02));
        }

        @Test
        void shouldHaveNoPercentilesWhenNoSampleWasSeen() {
            FreshnessTally tally = new FreshnessTally(LONGEST);
            tally.timedOut();

            FreshnessSummary summary = tally.summary();

            assertThat(summary.samples()).isOne();
            assertThat(summary.p50Ms()).isNull();
            assertThat(summary.maxMs()).isNull();
        }

        @Test
        void shouldCountRateLimitedAndFailedReadsApartFromTheAnswersThatSayNotYet() {
            FreshnessTally tally = new FreshnessTally(LONGEST);
            List.of(404, 200, 200, 429, 429, 429, 503).forEach(tally::answered);
            tally.failed();

            FreshnessSummary summary = tally.summary();

            assertThat(summary.polls()).isEqualTo(8);
            assertThat(summary.rateLimitedPolls()).isEqualTo(3);
            assertThat(summary.failedPolls()).isEqualTo(2);
        }
    }

    @Nested
    class Text {

        @Test
        void shouldPrintOneTablePerServiceWithTheWarmUpAndTheMeasurementAsRows() {
            String text = report().text();

            assertThat(text).contains("5 updates/s over 50 riders, every update a sample, reads every 10 ms, "
                    + "deadline 60 s")
                .contains("started 2026-12-04T20:15:00Z; load average 0.52 0.40 0.31 at the start, "
                        + "1.10 0.60 0.40 at the end")
                .contains("ingest http://127.0.0.1:8081: posted 1050, answered 202: 1049, 429: 1, no answer 0")
                .contains("trip-service  GET /api/v1/riders/{riderId}/track  http://127.0.0.1:8083")
                .contains("rider-service  GET /api/v1/riders/{riderId}/location  http://127.0.0.1:8082");
            List<String> lines = text.lines().toList();
            assertThat(lines).filteredOn(line -> line.contains("samples")).hasSize(2).allSatisfy(header ->
                assertThat(header.split("\\s{2,}")).containsSubsequence("samples", "timed out", "p50 ms", "p90 ms",
                        "p99 ms", "p99.9 ms", "max ms", "polls", "429", "failed"));
            FreshnessSummary trip = report().services().getFirst().measured();
            assertThat(lines).filteredOn(line -> line.startsWith("measured"))
                .extracting(line -> List.of(line.trim().split("\\s+")))
                .containsExactly(List.of("measured", "1000", "0", oneDecimal(trip.p50Ms()), oneDecimal(trip.p90Ms()),
                        oneDecimal(trip.p99Ms()), oneDecimal(trip.p999Ms()), oneDecimal(trip.maxMs()), "5000", "0", "0"),
                        List.of("measured", "0", "0", "-", "-", "-", "-", "-", "0", "0", "0"));
            assertThat(lines).filteredOn(line -> line.startsWith("warm-up (first 50)")).hasSize(2);
            // the columns line up: every row as long as its header
            assertThat(lines).filteredOn(line -> line.startsWith("measured") || line.contains("samples"))
                .extracting(String::length)
                .containsOnly(lines.stream().filter(line -> line.contains("samples")).findFirst().orElseThrow().length());
        }

        @Test
        void shouldNameTheSampleRatioWhenNotEveryUpdateIsASample() {
            FreshnessReport report = report();
            FreshnessReport everyThird = new FreshnessReport(report.startedAt(), report.loadAverageAtStart(),
                    report.loadAverageAtEnd(), report.ingest(), 300, 600, 50, 1000, 3, 2.5, 60, report.posts(),
                    report.services());

            assertThat(everyThird.text()).contains("300 updates/s over 600 riders, every 3rd a sample, "
                    + "reads every 2.5 ms");
        }
    }

    @Test
    void shouldWriteTheReportAsJsonWithNullForPercentilesNeverSeen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("freshness.json");

        LoadGenMain.writeJson(file, report());

        JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(json.get("startedAt").asString()).isEqualTo("2026-12-04T20:15:00Z");
        assertThat(json.get("loadAverageAtStart").asString()).isEqualTo("0.52 0.40 0.31");
        assertThat(json.get("posts").get("answers").get("202").asLong()).isEqualTo(1049);
        JsonNode trip = json.get("services").get(0);
        assertThat(trip.get("service").asString()).isEqualTo("trip-service");
        assertThat(trip.get("measured").get("samples").asLong()).isEqualTo(1000);
        assertThat(trip.get("measured").get("p99Ms").asDouble()).isCloseTo(990.0, within(1.5));
        assertThat(json.get("services").get(1).get("measured").get("p50Ms").isNull()).isTrue();
    }

    private static String oneDecimal(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    private static FreshnessReport report() {
        FreshnessTally measured = oneToAThousandMillis();
        for (int i = 0; i < 5000; i++) {
            measured.answered(200);
        }
        FreshnessSummary warmUp = new FreshnessTally(LONGEST).summary();
        FreshnessSummary nothing = new FreshnessTally(LONGEST).summary();
        List<ServiceFreshness> services = List.of(
                new ServiceFreshness("trip-service", "GET /api/v1/riders/{riderId}/track", "http://127.0.0.1:8083",
                        warmUp, measured.summary()),
                new ServiceFreshness("rider-service", "GET /api/v1/riders/{riderId}/location",
                        "http://127.0.0.1:8082", warmUp, nothing));
        return new FreshnessReport("2026-12-04T20:15:00Z", "0.52 0.40 0.31", "1.10 0.60 0.40",
                "http://127.0.0.1:8081", 5, 50, 50, 1000, 1, 10, 60,
                new PostCounts(1050, new TreeMap<>(Map.of("202", 1049L, "429", 1L)), 0), services);
    }
}
