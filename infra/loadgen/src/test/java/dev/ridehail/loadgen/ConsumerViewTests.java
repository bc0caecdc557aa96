package dev.ridehail.loadgen;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers as docs/trip-service.md and docs/rider-service.md show them. */
class ConsumerViewTests {

    private static final LocationUpdate UPDATE = new LocationUpdate(
            UUID.fromString("7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10"), "rider-7", null, 38.72, -9.14, 8.3f, 90f, 5f,
            Instant.parse("2026-12-04T20:15:01.402436Z"));

    @Nested
    class TripTrack {

        private final TripTrackView view = new TripTrackView(URI.create("http://127.0.0.1:8083"));

        @Test
        void shouldAskForTheUpdatesOwnMicrosecondOfTheRidersTrack() {
            assertThat(view.pathFor(UPDATE)).isEqualTo("/api/v1/riders/rider-7/track"
                    + "?from=2026-12-04T20:15:01.402436Z&to=2026-12-04T20:15:01.402437Z&limit=1");
        }

        @Test
        void shouldSeeTheUpdateWhenAPointCarriesItsEventId() {
            assertThat(view.shows(UPDATE, track("""
                    {"eventId":"7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10","tripId":null,"lat":38.72,"lon":-9.14,
                     "speedMps":8.3,"headingDeg":90.0,"accuracyM":5.0,"recordedAt":"2026-12-04T20:15:01.402436Z",
                     "receivedAt":"2026-12-04T20:15:01.410000Z"}"""))).isTrue();
        }

        @Test
        void shouldNotSeeTheUpdateWhenTheTrackIsEmptyOrHoldsAnotherEvent() {
            assertThat(view.shows(UPDATE, track(""))).isFalse();
            assertThat(view.shows(UPDATE, track("""
                    {"eventId":"00000000-0000-4000-8000-000000000001","recordedAt":"2026-12-04T20:15:01.402436Z"}"""
            ))).isFalse();
            assertThat(view.shows(UPDATE, "not json")).isFalse();
        }

        private static String track(String points) {
            return "{\"riderId\":\"rider-7\",\"from\":\"2026-12-04T20:15:01.402436Z\","
                    + "\"to\":\"2026-12-04T20:15:01.402437Z\",\"limit\":1,\"count\":" + (points.isEmpty() ? 0 : 1)
                    + ",\"truncated\":false,\"points\":[" + points + "]}";
        }
    }

    @Nested
    class RiderLocation {

        private final RiderLocationView view = new RiderLocationView(URI.create("http://127.0.0.1:8082"));

        @Test
        void shouldAskForTheRidersLatestPosition() {
            assertThat(view.pathFor(UPDATE)).isEqualTo("/api/v1/riders/rider-7/location");
        }

        @Test
        void shouldSeeTheUpdateWhenTheLatestPositionIsItsOrALaterOne() {
            assertThat(view.shows(UPDATE, position("rider-7", "2026-12-04T20:15:01.402436Z"))).isTrue();
            assertThat(view.shows(UPDATE, position("rider-7", "2026-12-04T20:15:11.5Z"))).isTrue();
        }

        @Test
        void shouldNotSeeTheUpdateWhenTheLatestPositionIsOlderOrAnotherRiders() {
            assertThat(view.shows(UPDATE, position("rider-7", "2026-12-04T20:15:01.402435Z"))).isFalse();
            assertThat(view.shows(UPDATE, position("rider-8", "2026-12-04T20:15:01.402436Z"))).isFalse();
            assertThat(view.shows(UPDATE, "{\"riderId\":\"rider-7\"}")).isFalse();
            assertThat(view.shows(UPDATE, "{\"riderId\":\"rider-7\",\"recordedAt\":\"yesterday\"}")).isFalse();
        }

        private static String position(String riderId, String recordedAt) {
            return "{\"riderId\":\"" + riderId + "\",\"lat\":38.72,\"lon\":-9.14,\"speedMps\":8.3,\"headingDeg\":90.0,"
                    + "\"accuracyM\":5.0,\"tripId\":null,\"recordedAt\":\"" + recordedAt
                    + "\",\"receivedAt\":\"2026-12-04T20:15:01.5Z\",\"ageSeconds\":0}";
        }
    }
}
