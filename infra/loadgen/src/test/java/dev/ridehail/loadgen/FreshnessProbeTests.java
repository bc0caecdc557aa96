package dev.ridehail.loadgen;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessProbeTests {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    private static final Duration TRIP_DELAY = Duration.ofMillis(150);

    private static final Duration RIDER_DELAY = Duration.ofMillis(40);

    @Test
    void shouldMeasureEachServicesDelayFromThe202WhenEveryUpdateIsASample() throws Exception {
        try (PipelineTarget target = new PipelineTarget(TRIP_DELAY, RIDER_DELAY)) {
            FreshnessSettings settings = settings(target.baseUri(), target.baseUri(), "--warmup", "5", "--samples",
                    "20");

            List<ServiceFreshness> services = run(settings);

            ServiceFreshness trip = services.get(0);
            ServiceFreshness rider = services.get(1);
            assertThat(trip.service()).isEqualTo("trip-service");
            assertThat(rider.service()).isEqualTo("rider-service");
            assertThat(trip.warmUp().samples()).isEqualTo(5);
            assertThat(trip.measured().samples()).isEqualTo(20);
            assertThat(rider.measured().samples()).isEqualTo(20);
            assertThat(trip.measured().timedOut()).isZero();
            assertThat(rider.measured().timedOut()).isZero();
            // never before the service shows it; later by a poll interval and a read, more on a busy machine
            assertThat(trip.measured().p50Ms()).isBetween(TRIP_DELAY.toMillis() - 5.0, TRIP_DELAY.toMillis() + 1000.0);
            assertThat(rider.measured().p50Ms()).isBetween(RIDER_DELAY.toMillis() - 5.0,
                    RIDER_DELAY.toMillis() + 1000.0);
            assertThat(trip.measured().p50Ms()).isGreaterThan(rider.measured().p50Ms());
            // polled, not asked once: 150 ms at one read per 10 ms
            assertThat(trip.measured().polls()).isGreaterThan(trip.measured().samples() * 3);
            assertThat(trip.measured().failedPolls()).isZero();
        }
    }

    @Test
    void shouldFollowOnlyEveryKthUpdateWhenTheOthersAreLoad() throws Exception {
        try (PipelineTarget target = new PipelineTarget(Duration.ZERO, Duration.ZERO)) {
            FreshnessSettings settings = settings(target.baseUri(), target.baseUri(), "--warmup", "2", "--samples",
                    "6", "--sample-every", "3");

            FreshnessProbe probe = new FreshnessProbe(settings, views(settings), SILENT);
            List<ServiceFreshness> services;
            try (probe) {
                services = probe.run();
            }

            assertThat(probe.posts().posted()).isEqualTo(24);
            assertThat(probe.posts().accepted()).isEqualTo(24);
            assertThat(target.acceptedCount()).isEqualTo(24);
            assertThat(target.trackWindows()).hasSize(8);
            assertThat(services).allSatisfy(service -> {
                assertThat(service.warmUp().samples()).isEqualTo(2);
                assertThat(service.measured().samples()).isEqualTo(6);
            });
        }
    }

    @Test
    void shouldCountASampleAsTimedOutWhenTheServiceNeverShowsItByTheDeadline() throws Exception {
        try (PipelineTarget target = new PipelineTarget(Duration.ZERO, null)) {
            FreshnessSettings settings = settings(target.baseUri(), target.baseUri(), "--warmup", "0", "--samples",
                    "5", "--deadline", "300ms");

            List<ServiceFreshness> services = run(settings);

            FreshnessSummary rider = services.get(1).measured();
            assertThat(rider.samples()).isEqualTo(5);
            assertThat(rider.timedOut()).isEqualTo(5);
            assertThat(rider.p50Ms()).isNull();
            assertThat(services.get(0).measured().timedOut()).isZero();
        }
    }

    @Test
    void shouldStopAndSayWhyWhenAConsumerRejectsTheRidersToken() throws Exception {
        try (PipelineTarget target = new PipelineTarget(Duration.ZERO, Duration.ZERO);
                SecuredTarget rejecting = new SecuredTarget(401)) {
            FreshnessSettings settings = settings(target.baseUri(), rejecting.baseUri(), "--warmup", "0",
                    "--samples", "200");

            assertThatThrownBy(() -> run(settings)).isInstanceOf(AuthorizationRejectedException.class)
                .hasMessageContaining(rejecting.baseUri() + " answered 401 to GET /api/v1/riders/")
                .hasMessageContaining("invalid_token");
            // the schedule stopped long before its 200 posts (4 s at 50/s)
            assertThat(target.acceptedCount()).isLessThan(200);
        }
    }

    /** Ingest and rider-service at {@code pipeline}, trip-service at {@code trip}; 50 updates/s. */
    private static FreshnessSettings settings(URI pipeline, URI trip, String... more) {
        String[] base = { "--ingest-url", pipeline.toString(), "--rider-url", pipeline.toString(), "--trip-url",
                trip.toString(), "--rate", "50", "--quiet", "--timeout", "2s" };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return FreshnessSettings.fromOptions(FreshnessProbeMain.options(args));
    }

    private static List<ConsumerView> views(FreshnessSettings settings) {
        return List.of(new TripTrackView(settings.tripUri()), new RiderLocationView(settings.riderUri()));
    }

    private static List<ServiceFreshness> run(FreshnessSettings settings) {
        try (FreshnessProbe probe = new FreshnessProbe(settings, views(settings), SILENT)) {
            return probe.run();
        }
    }
}
