package dev.ridehail.trip.consumer;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsumerConventionsTests extends IntegrationTest {

    @Test
    void shouldReportTheOwnedPartitionsOfThisInstance() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode assignments = get("/api/v1/consumer/assignments").json();
            assertThat(assignments.get("group").asString()).isEqualTo("trip-service");
            assertThat(assignments.get("topic").asString()).isEqualTo("rider-updates");
            assertThat(assignments.get("instanceId").asString()).endsWith("-" + ProcessHandle.current().pid());
            // the only instance in the group owns all six partitions
            assertThat(assignments.get("partitions").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(0, 1, 2, 3, 4, 5);
        });
    }

    @Test
    void shouldLetTheWalkthroughLoggerBeSwitchedAtRunTime() {
        assertThat(get("/actuator/loggers/dev.ridehail.walkthrough").json().get("effectiveLevel").asString())
            .isEqualTo("INFO");

        Response switched = post("/actuator/loggers/dev.ridehail.walkthrough", Map.of("configuredLevel", "DEBUG"));
        try {
            assertThat(switched.status()).isEqualTo(204);
            assertThat(get("/actuator/loggers/dev.ridehail.walkthrough").json().get("effectiveLevel").asString())
                .isEqualTo("DEBUG");
        }
        finally {
            post("/actuator/loggers/dev.ridehail.walkthrough", Map.of("configuredLevel", "INFO"));
        }
    }
}
