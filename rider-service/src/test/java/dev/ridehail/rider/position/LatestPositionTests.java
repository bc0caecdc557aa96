package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@RiderIntegrationTest
class LatestPositionTests {

    @Autowired
    RiderTestSupport.Api api;

    @Autowired
    RiderTestSupport.Updates updates;

    @Autowired
    MeterRegistry meters;

    static String riderId() {
        return "pos-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldKeepNewestPositionWhenAnOlderUpdateArrivesLater() {
        String riderId = riderId();
        Instant newer = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        updates.awaitConsumed(updates.send(riderId, 52.52, 13.40, newer));

        updates.awaitConsumed(updates.send(riderId, 48.85, 2.35, newer.minusSeconds(5)));

        JsonNode location = api.get("/api/v1/riders/" + riderId + "/location").json();
        assertThat(location.path("lat").asDouble()).isEqualTo(52.52);
        assertThat(location.path("lon").asDouble()).isEqualTo(13.40);
        assertThat(Instant.parse(location.path("recordedAt").asString())).isEqualTo(newer);
        assertThat(location.path("ageSeconds").asLong()).isBetween(10L, 40L);
    }

    @Test
    void shouldTakeNewestOfOneBatchWhateverTheArrivalOrder() {
        String riderId = riderId();
        Instant base = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        updates.send(riderId, 1.0, 1.0, base.plusSeconds(1));
        updates.send(riderId, 3.0, 3.0, base.plusSeconds(3));
        RecordMetadata last = updates.send(riderId, 2.0, 2.0, base.plusSeconds(2));

        updates.awaitConsumed(last);

        JsonNode location = api.get("/api/v1/riders/" + riderId + "/location").json();
        assertThat(location.path("lat").asDouble()).isEqualTo(3.0);
        assertThat(Instant.parse(location.path("recordedAt").asString())).isEqualTo(base.plusSeconds(3));
    }

    @Test
    void shouldWriteNothingWhenTheSameUpdateIsDeliveredTwice() {
        String riderId = riderId();
        Map<String, Object> update = RiderTestSupport.Updates.update(riderId, 10.0, 20.0, Instant.now().minusSeconds(5));
        updates.awaitConsumed(updates.send(update));
        double writtenBefore = meters.counter("rider.positions.rows.written").count();
        double consumedBefore = meters.counter("rider.positions.updates.consumed").count();

        updates.awaitConsumed(updates.send(update));

        // the counters move just after the transaction that stored the offsets commits
        await().atMost(Duration.ofSeconds(10))
            .until(() -> meters.counter("rider.positions.updates.consumed").count() - consumedBefore >= 1.0);
        assertThat(meters.counter("rider.positions.rows.written").count() - writtenBefore)
            .as("an update that is not newer than the stored one writes no row")
            .isZero();
        assertThat(api.get("/api/v1/riders/" + riderId + "/location").json().path("lon").asDouble()).isEqualTo(20.0);
    }

    @Test
    void shouldKeepPositionOfUnregisteredRiderAndServeItAfterRegistration() {
        String riderId = riderId();
        updates.awaitConsumed(updates.send(riderId, 40.0, -3.7, Instant.now().minusSeconds(1)));
        assertThat(api.get("/api/v1/riders/" + riderId).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/riders/" + riderId + "/location").status()).isEqualTo(200);

        api.post("/api/v1/riders", """
                {"riderId":"%s","name":"Late","vehicleType":"BICYCLE","plate":"%s"}
                """.formatted(riderId, "P" + riderId));

        JsonNode location = api.get("/api/v1/riders/" + riderId + "/location").json();
        assertThat(location.path("lat").asDouble()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void shouldAnswerNotFoundProblemWhenRiderHasNoPosition() {
        Response response = api.get("/api/v1/riders/" + riderId() + "/location");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("title").asString()).isEqualTo("Position not found");
    }
}
