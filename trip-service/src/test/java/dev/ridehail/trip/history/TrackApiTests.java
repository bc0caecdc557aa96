package dev.ridehail.trip.history;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The track through real Kafka and PostgreSQL; its parameter rules are {@link TrackControllerSliceTests}'. */
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
}
