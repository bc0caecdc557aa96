package dev.ridehail.trip.history;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class TrackApiTests extends IntegrationTest {

    @Test
    void shouldReturnTheRidersPointsInTheWindowOldestFirstAndTruncateAtTheLimit() {
        String rider = uniqueRider("track");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1800);
        // published newest first: the answer is still in recordedAt order
        for (int i = 9; i >= 0; i--) {
            publishUpdate(update(UUID.randomUUID(), rider, null, 45.0 + i * 0.001, 7.0, start.plusSeconds(60L * i)));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(10));

        JsonNode window = get("/api/v1/riders/" + rider + "/track?from=" + start.plusSeconds(60) + "&to="
                + start.plusSeconds(300)).json();
        assertThat(window.get("count").asInt()).isEqualTo(4);
        assertThat(window.get("truncated").asBoolean()).isFalse();
        assertThat(window.get("points").findValuesAsString("recordedAt")).containsExactly(
                start.plusSeconds(60).toString(), start.plusSeconds(120).toString(), start.plusSeconds(180).toString(),
                start.plusSeconds(240).toString());
        assertThat(window.get("points").get(0).get("speedMps").asDouble()).isEqualTo(8.5);

        JsonNode limited = get("/api/v1/riders/" + rider + "/track?from=" + start + "&to=" + start.plusSeconds(3600)
                + "&limit=3").json();
        assertThat(limited.get("count").asInt()).isEqualTo(3);
        assertThat(limited.get("truncated").asBoolean()).isTrue();

        JsonNode lastHour = get("/api/v1/riders/" + rider + "/track").json();
        assertThat(lastHour.get("count").asInt()).isEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("invalidTrackQueries")
    void shouldRejectABadParameterWithAProblemNamingIt(String pathAndQuery, String parameter) {
        Response response = get(pathAndQuery);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("parameter")).contains(parameter);
    }

    static Stream<Arguments> invalidTrackQueries() {
        return Stream.of(
                argumentSet("window longer than 24h",
                        "/api/v1/riders/r1/track?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "to"),
                argumentSet("from after to", "/api/v1/riders/r1/track?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                        "from"),
                argumentSet("from not an instant", "/api/v1/riders/r1/track?from=noon", "from"),
                argumentSet("zero limit", "/api/v1/riders/r1/track?limit=0", "limit"),
                argumentSet("riderId too long", "/api/v1/riders/" + "x".repeat(65) + "/track", "riderId"));
    }
}
