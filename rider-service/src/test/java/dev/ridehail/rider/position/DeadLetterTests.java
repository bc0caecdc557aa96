package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.testing.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RiderIntegrationTest
class DeadLetterTests {

    @Autowired
    RiderTestSupport.Api api;

    @Autowired
    RiderTestSupport.Updates updates;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldDeadLetterBadRecordsWithReasonAndKeepConsumingThePartition() {
        String riderId = "dlt-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
        updates.awaitConsumed(updates.send(riderId, 50.0, 8.0, t0));
        Map<String, Object> versionTwo = RiderTestSupport.Updates.update(riderId, 50.0, 8.0, t0.plusSeconds(2));
        versionTwo.put("schemaVersion", 2);
        Map<String, Object> badLatitude = RiderTestSupport.Updates.update(riderId, 95.0, 8.0, t0.plusSeconds(2));
        Map<String, Object> fromTheFuture = RiderTestSupport.Updates.update(riderId, 51.0, 9.0,
                Instant.now().plus(1, ChronoUnit.HOURS));

        updates.sendRaw(riderId, "{not json");
        updates.send(versionTwo);
        updates.send(badLatitude);
        updates.send(fromTheFuture);
        updates.awaitConsumed(updates.send(riderId, 50.5, 8.5, t0.plusSeconds(1)));

        JsonNode location = api.get("/api/v1/riders/" + riderId + "/location").json();
        assertThat(location.path("lat").asDouble()).as("the valid update behind the bad ones was stored").isEqualTo(50.5);
        assertThat(Instant.parse(location.path("recordedAt").asString()))
            .as("the future-dated point did not freeze the position")
            .isEqualTo(t0.plusSeconds(1));
        Map<String, Map<String, String>> deadLetters = deadLettersOf(riderId, 4);
        assertThat(deadLetters.values()).extracting(headers -> headers.get("dlt-reason"))
            .containsExactlyInAnyOrder("NOT_JSON", "UNKNOWN_SCHEMA_VERSION", "INVALID_FIELD", "RECORDED_AT_IN_FUTURE");
        assertThat(deadLetters.values()).allSatisfy(headers -> {
            assertThat(headers.get("dlt-original-topic")).isEqualTo("rider-updates");
            assertThat(headers.get("dlt-reason-detail")).isNotBlank();
        });
        assertThat(deadLetters).containsKey("{not json");
        assertThat(meters.get("consumer.dead.letters").tag("reason", "NOT_JSON").counter().count()).isPositive();
    }

    /** Dead letters keyed by the rider, value to headers; waits until {@code expected} of them arrived. */
    static Map<String, Map<String, String>> deadLettersOf(String riderId, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, Map<String, String>> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("rider-updates.DLT"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (riderId.equals(record.key())) {
                        Map<String, String> headers = new HashMap<>();
                        for (Header header : record.headers()) {
                            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                        }
                        found.put(record.value(), headers);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
