package dev.ridehail.loadgen;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadGeneratorTests {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    @Nested
    class RunStep {

        @Test
        void shouldOfferTheScheduledNumberOfUpdatesWhenTheServerAccepts(@TempDir Path dir) throws Exception {
            Path journalFile = dir.resolve("outcomes.tsv");
            try (TrivialHttpServer server = new TrivialHttpServer();
                    LoadGenerator generator = new LoadGenerator(settings(server, LoadSettings.Mode.SINGLE, 1),
                            RiderFleet.lisbon(50, "t-", 7), SILENT);
                    OutcomeJournal journal = new OutcomeJournal(journalFile)) {
                StepResult result = generator.runStep("single", 500, Duration.ofSeconds(2), journal);

                assertThat(result.updatesScheduled()).isEqualTo(1000);
                assertThat(result.updatesAcked()).isEqualTo(1000);
                assertThat(result.errors()).isEmpty();
                // never above the offered rate; how far below depends on the machine's load, so not asserted
                assertThat(result.achievedRate()).isPositive().isLessThanOrEqualTo(510.0);
                journal.close();
                List<String> lines = Files.readAllLines(journalFile);
                assertThat(lines).hasSize(1000).allMatch(line -> line.endsWith("\tACKED\t202"));
                assertThat(lines.stream().map(line -> line.split("\t")[0]).collect(Collectors.toSet())).hasSize(1000);
            }
        }

        @Test
        void shouldCountEveryUpdateOfABatchAndKeepEachBatchToOneRiderWhenInBatchMode() throws Exception {
            Set<String> riders = ConcurrentHashMap.newKeySet();
            Set<Long> ridersPerBatch = ConcurrentHashMap.newKeySet();
            try (TrivialHttpServer server = new TrivialHttpServer();
                    LoadGenerator generator = new LoadGenerator(settings(server, LoadSettings.Mode.BATCH, 100),
                            RiderFleet.lisbon(250, "b-", 7), SILENT)) {
                StepResult result = generator.runStep("batch", 5_000, Duration.ofSeconds(1),
                        (updates, outcome, status, latency) -> {
                            updates.forEach(u -> riders.add(u.riderId()));
                            ridersPerBatch.add(updates.stream().map(LocationUpdate::riderId).distinct().count());
                        });

                assertThat(result.requestsScheduled()).isEqualTo(50);
                assertThat(result.updatesAcked()).isEqualTo(5_000);
                assertThat(ridersPerBatch).containsExactly(1L);
                assertThat(riders).hasSize(50); // one rider per request, round-robin
            }
        }

        @Test
        void shouldReportRefusedUpdatesByStatusWhenTheServerAnswersAnError() throws Exception {
            try (TrivialHttpServer server = new TrivialHttpServer(503);
                    LoadGenerator generator = new LoadGenerator(settings(server, LoadSettings.Mode.SINGLE, 1),
                            RiderFleet.lisbon(10, "e-", 7), SILENT)) {
                StepResult result = generator.runStep("errors", 200, Duration.ofSeconds(1), OutcomeListener.NONE);

                assertThat(result.updatesAcked()).isZero();
                assertThat(result.updatesRefused()).isEqualTo(200);
                assertThat(result.errors()).containsEntry("status_503", 200L);
                assertThat(result.sustained(100)).isFalse();
            }
        }

        @Test
        void shouldCountLatencyFromTheIntendedSendTimeWhenTheServerStalls() throws Exception {
            // one connection and a server that takes longer than the interval: requests queue behind each other,
            // and a closed-loop generator would report only the service time
            try (TrivialHttpServer server = new TrivialHttpServer();
                    LoadGenerator generator = new LoadGenerator(
                            settings(server, LoadSettings.Mode.SINGLE, 1).withConnections(1),
                            RiderFleet.lisbon(10, "s-", 7), SILENT)) {
                server.close(); // nobody accepts: every connect fails fast
                StepResult result = generator.runStep("down", 100, Duration.ofSeconds(1), OutcomeListener.NONE);

                assertThat(result.errors()).containsKey("connect");
                assertThat(result.updatesRefused()).isEqualTo(100);
            }
        }
    }

    @Nested
    class Tokens {

        @Test
        void shouldSendEveryRequestWithTheTokenOfTheRiderItPostsFor() throws Exception {
            try (SecuredTarget target = new SecuredTarget(202);
                    LoadGenerator generator = new LoadGenerator(securedSettings(target, LoadSettings.Mode.BATCH, 10),
                            RiderFleet.lisbon(20, "tok-", 7), SILENT)) {
                StepResult result = generator.runStep("batch", 1_000, Duration.ofSeconds(1), OutcomeListener.NONE);

                assertThat(result.updatesAcked()).isEqualTo(1_000);
                assertThat(target.requests()).hasSize(100).allSatisfy(request -> {
                    assertThat(request.riderIds()).hasSize(10).containsOnly(request.riderIds().getFirst());
                    assertThat(request.authorization()).isEqualTo("Bearer token-for-" + request.riderIds().getFirst());
                });
            }
        }

        @Test
        void shouldFetchEveryRidersTokenOnceBeforeTheFirstStepWhenMade() throws Exception {
            try (SecuredTarget target = new SecuredTarget(202);
                    LoadGenerator generator = new LoadGenerator(securedSettings(target, LoadSettings.Mode.SINGLE, 1),
                            RiderFleet.lisbon(50, "pre-", 7), SILENT)) {
                assertThat(target.tokenRequests()).hasSize(50);
                assertThat(target.requests()).isEmpty();

                generator.runStep("single", 200, Duration.ofSeconds(1), OutcomeListener.NONE);

                assertThat(target.tokenRequests()).hasSize(50);
                int lastTokenRequest = target.tokenRequests().stream().max(Integer::compare).orElseThrow();
                assertThat(target.requests()).hasSize(200).allMatch(request -> request.order() > lastTokenRequest);
            }
        }

        @Test
        void shouldCountRateLimitedUpdatesApartAndNotAsAcknowledgedWhenTheTargetAnswers429(@TempDir Path dir)
                throws Exception {
            Path journalFile = dir.resolve("outcomes.tsv");
            try (SecuredTarget target = new SecuredTarget(429);
                    LoadGenerator generator = new LoadGenerator(securedSettings(target, LoadSettings.Mode.SINGLE, 1),
                            RiderFleet.lisbon(10, "rl-", 7), SILENT);
                    OutcomeJournal journal = new OutcomeJournal(journalFile)) {
                StepResult result = generator.runStep("limited", 100, Duration.ofSeconds(1), journal);
                journal.close();

                assertThat(result.updatesRateLimited()).isEqualTo(100);
                assertThat(result.updatesAcked()).isZero();
                assertThat(result.updatesRefused()).isZero();
                assertThat(result.errors()).containsEntry("status_429", 100L);
                assertThat(result.sustained(100)).isFalse();
                assertThat(Files.readAllLines(journalFile)).hasSize(100)
                    .allMatch(line -> line.endsWith("\tRATE_LIMITED\t429"));
            }
        }

        @Test
        void shouldStopTheStepAndSayWhyWhenTheTargetRejectsTheToken() throws Exception {
            try (SecuredTarget target = new SecuredTarget(401);
                    LoadGenerator generator = new LoadGenerator(securedSettings(target, LoadSettings.Mode.SINGLE, 1)
                        .withConnections(1), RiderFleet.lisbon(10, "bad-", 7), SILENT)) {
                assertThatThrownBy(() -> generator.runStep("rejected", 200, Duration.ofSeconds(5),
                        OutcomeListener.NONE))
                    .isInstanceOf(AuthorizationRejectedException.class)
                    .hasMessageContaining("answered 401")
                    .hasMessageContaining("invalid_token")
                    .hasMessageContaining(target.baseUri() + "/demo");

                // stopped long before the 1,000 requests of the step
                assertThat(target.requests()).hasSizeLessThan(1_000);
            }
        }

        @Test
        void shouldFailBeforeAnyLoadWhenTheIssuerIsNotThere() throws Exception {
            TrivialHttpServer server = new TrivialHttpServer();
            URI gone = URI.create("http://127.0.0.1:" + server.port());
            server.close();

            assertThatThrownBy(() -> new LoadGenerator(LoadSettings.single(gone).withProgress(false),
                    RiderFleet.lisbon(3, "gone-", 7), SILENT))
                .hasMessageContaining(gone + "/demo");
        }
    }

    @Nested
    class Fleet {

        @Test
        void shouldGiveABatchOneRidersConsecutiveUpdatesInRecordedOrder() {
            RiderFleet fleet = RiderFleet.lisbon(4, "bf-", 42);
            List<LocationUpdate> batch = fleet.batch(6, 50);

            assertThat(batch).hasSize(50).extracting(LocationUpdate::riderId).containsOnly("bf-2");
            for (int i = 1; i < batch.size(); i++) {
                assertThat(batch.get(i).recordedAt()).isAfter(batch.get(i - 1).recordedAt());
            }
            assertThat(fleet.batch(10, 1).getFirst().recordedAt()).isAfter(batch.getLast().recordedAt());
        }

        @Test
        void shouldMoveEachRiderAPlausibleDistanceBetweenReportsWhenAdvanced() {
            RiderFleet fleet = RiderFleet.lisbon(3, "f-", 42);
            LocationUpdate first = fleet.next(0);
            LocationUpdate second = fleet.next(3);

            assertThat(second.riderId()).isEqualTo(first.riderId());
            double metres = Math.hypot((second.lat() - first.lat()) * 111_320,
                    (second.lon() - first.lon()) * RiderFleet.metresPerDegreeLon(first.lat()));
            assertThat(metres).isBetween(1.0, 70.0); // at most 16 m/s for 4 s
            assertThat(first.lat()).isBetween(38.68, 38.76);
            assertThat(first.eventId()).isNotEqualTo(second.eventId());
            assertThat(first.eventId().version()).isEqualTo(4);
        }
    }

    /** The trivial server checks no token and has no issuer. */
    private static LoadSettings settings(TrivialHttpServer server, LoadSettings.Mode mode, int batchSize) {
        return new LoadSettings(URI.create("http://127.0.0.1:" + server.port()), mode, batchSize, 8,
                Duration.ofSeconds(2), false, null);
    }

    /** Tokens from the target's own {@code /demo}, as from location-ingest-service. */
    private static LoadSettings securedSettings(SecuredTarget target, LoadSettings.Mode mode, int batchSize) {
        LoadSettings settings = mode == LoadSettings.Mode.SINGLE ? LoadSettings.single(target.baseUri())
                : LoadSettings.batch(target.baseUri(), batchSize);
        return settings.withConnections(8).withRequestTimeout(Duration.ofSeconds(2)).withProgress(false);
    }
}
