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
        void shouldCountEveryUpdateOfABatchWhenInBatchMode() throws Exception {
            Set<String> riders = ConcurrentHashMap.newKeySet();
            try (TrivialHttpServer server = new TrivialHttpServer();
                    LoadGenerator generator = new LoadGenerator(settings(server, LoadSettings.Mode.BATCH, 100),
                            RiderFleet.lisbon(250, "b-", 7), SILENT)) {
                StepResult result = generator.runStep("batch", 5_000, Duration.ofSeconds(1),
                        (updates, outcome, status, latency) -> updates.forEach(u -> riders.add(u.riderId())));

                assertThat(result.requestsScheduled()).isEqualTo(50);
                assertThat(result.updatesAcked()).isEqualTo(5_000);
                assertThat(riders).hasSize(250);
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
    class Fleet {

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

    private static LoadSettings settings(TrivialHttpServer server, LoadSettings.Mode mode, int batchSize) {
        return new LoadSettings(URI.create("http://127.0.0.1:" + server.port()), mode, batchSize, 8,
                Duration.ofSeconds(2), false);
    }
}
