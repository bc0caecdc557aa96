package dev.ridehail.trip.history;

import dev.ridehail.offsets.DeadLetterPublisher;
import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import dev.ridehail.testing.TestPostgres;
import dev.ridehail.trip.IntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocationConsumerTests extends IntegrationTest {

    // the shared listener's container is named after the consumer group
    static final String TRIP_LISTENER = "trip-service";

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    TestDatabase database;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldStoreExactlyOneRowPerPublishedUpdate() {
        int riders = 20;
        int perRider = 25;
        List<String> riderIds = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        for (int r = 0; r < riders; r++) {
            String rider = uniqueRider("count");
            riderIds.add(rider);
            for (int i = 0; i < perRider; i++) {
                updates.add(update(UUID.randomUUID(), rider, null, 52.5 + i * 0.0001, 13.4, start.plusSeconds(i * 4L)));
            }
        }
        publishUpdates(updates);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(riderIds)).isEqualTo(riders * perRider));
        // stays exact: nothing arrives late or twice
        assertThat(rows(riderIds)).isEqualTo(riders * perRider);
    }

    @Test
    void shouldStoreOneRowWhenTheSameEventIdIsPublishedTwice() {
        String rider = uniqueRider("dup");
        Map<String, Object> update = update(UUID.randomUUID(), rider, null, 48.85, 2.35, Instant.now().minusSeconds(5));
        publishUpdate(update);
        publishUpdate(update);
        // a marker after both, on the same partition, proves both copies were consumed
        publishUpdate(update(UUID.randomUUID(), rider, null, 48.86, 2.35, Instant.now()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(2));
        Long copies = jdbc.sql("SELECT count(*) FROM location_history WHERE event_id = ?")
            .param(UUID.fromString((String) update.get("eventId")))
            .query(Long.class)
            .single();
        assertThat(copies).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterPoisonRecordsWithHeadersAndKeepThePartitionFlowing() {
        String rider = uniqueRider("poison");
        double before = deadLettered("INVALID_FIELD") + deadLettered("UNKNOWN_SCHEMA_VERSION") + deadLettered("NOT_JSON");
        RecordMetadata first = publishUpdate(update(UUID.randomUUID(), rider, null, 40.0, -3.7, Instant.now().minusSeconds(3)));
        // the record from the source notes
        RecordMetadata tony = publish(rider, "{\"name\":\"tony\",\"location\":\"south\"}");
        Map<String, Object> future = update(UUID.randomUUID(), rider, null, 40.0, -3.7, Instant.now());
        future.put("schemaVersion", 2);
        RecordMetadata unknownVersion = publish(rider, JSON.writeValueAsString(future));
        RecordMetadata notJson = publish(rider, "lat=40.0&lon=-3.7");
        RecordMetadata last = publishUpdate(update(UUID.randomUUID(), rider, null, 40.1, -3.7, Instant.now()));
        assertThat(List.of(tony.partition(), unknownVersion.partition(), notJson.partition(), last.partition()))
            .containsOnly(first.partition());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(2));
        List<ConsumerRecord<String, String>> deadLetters = deadLetters(rider, 3);
        assertThat(deadLetters).extracting(ConsumerRecord::value)
            .containsExactly("{\"name\":\"tony\",\"location\":\"south\"}", JSON.writeValueAsString(future), "lat=40.0&lon=-3.7");
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterPublisher.REASON))
            .containsExactly("INVALID_FIELD", "UNKNOWN_SCHEMA_VERSION", "NOT_JSON");
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterPublisher.ORIGINAL_OFFSET))
            .containsExactly(String.valueOf(tony.offset()), String.valueOf(unknownVersion.offset()),
                    String.valueOf(notJson.offset()));
        assertThat(deadLetters).allSatisfy(r -> {
            assertThat(header(r, DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo("rider-updates");
            assertThat(header(r, DeadLetterPublisher.ORIGINAL_PARTITION)).isEqualTo(String.valueOf(first.partition()));
            assertThat(header(r, DeadLetterPublisher.REASON_DETAIL)).isNotBlank();
        });
        assertThat(header(deadLetters.getFirst(), DeadLetterPublisher.REASON_DETAIL)).contains("schemaVersion");
        double after = deadLettered("INVALID_FIELD") + deadLettered("UNKNOWN_SCHEMA_VERSION") + deadLettered("NOT_JSON");
        assertThat(after - before).isEqualTo(3);
    }

    @Test
    void shouldNeitherLoseNorDuplicateWhenAConsumerStopsMidBatchWithoutCommitting() throws Exception {
        String rider = uniqueRider("crash");
        UUID tripId = UUID.randomUUID();
        assertThat(post("/api/v1/trips", Map.of("tripId", tripId.toString(), "riderId", rider, "pickup",
                Map.of("lat", 1.0, "lon", 1.0), "dropoff", Map.of("lat", 1.1, "lon", 1.0))).status()).isEqualTo(201);
        // every offset commit fails after the rows were written: the batch transaction rolls back, as in a crash
        // between the write and the commit; the sequence counts the attempts and survives the rollbacks
        jdbc.sql("CREATE SEQUENCE injected_failures").update();
        jdbc.sql("""
                CREATE FUNCTION fail_offset_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM nextval('injected_failures');
                  RAISE EXCEPTION 'injected failure after the rows were written';
                END $$""").update();
        jdbc.sql("CREATE TRIGGER fail_offset_commit BEFORE UPDATE ON kafka_consumer_offsets "
                + "FOR EACH ROW WHEN (NEW.next_offset IS DISTINCT FROM OLD.next_offset) EXECUTE FUNCTION fail_offset_commit()").update();
        MessageListenerContainer container = listeners.getListenerContainer(TRIP_LISTENER);
        try {
            Instant start = Instant.now().minusSeconds(300);
            List<Map<String, Object>> updates = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                updates.add(update(UUID.randomUUID(), rider, tripId, 1.0 + i * 0.001, 1.0, start.plusSeconds(i)));
            }
            publishUpdates(updates);
            await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("SELECT is_called FROM injected_failures").query(Boolean.class).single());

            container.stop();
            assertThat(historyRows(rider)).as("rolled back with the failed offset commit").isZero();
        }
        finally {
            jdbc.sql("DROP TRIGGER fail_offset_commit ON kafka_consumer_offsets").update();
            jdbc.sql("DROP FUNCTION fail_offset_commit()").update();
            jdbc.sql("DROP SEQUENCE injected_failures").update();
            container.start();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(100));
        Long distinct = jdbc.sql("SELECT count(DISTINCT event_id) FROM location_history WHERE rider_id = ?")
            .param(rider)
            .query(Long.class)
            .single();
        assertThat(distinct).isEqualTo(100);
        // the trip aggregates were rolled back with the rows and counted once on redelivery
        assertThat(get("/api/v1/trips/" + tripId).json().get("pointCount").asLong()).isEqualTo(100);
    }

    @Test
    void shouldWaitForTheDatabaseAndDrainWithoutDeadLettersWhenItIsUnavailable() throws Exception {
        String rider = uniqueRider("outage");
        publishUpdate(update(UUID.randomUUID(), rider, null, 10.0, 10.0, Instant.now().minusSeconds(60)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(1));
        double deadLettersBefore = deadLettered("INVALID_FIELD") + deadLettered("NOT_JSON")
                + deadLettered("UNKNOWN_SCHEMA_VERSION");

        try (Connection admin = admin(); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name()
                    + "' AND pid <> pg_backend_pid()");
            try {
                Instant start = Instant.now().minusSeconds(50);
                List<Map<String, Object>> updates = new ArrayList<>();
                for (int i = 1; i < 150; i++) {
                    updates.add(update(UUID.randomUUID(), rider, null, 10.0 + i * 0.0001, 10.0, start.plusSeconds(i)));
                }
                publishUpdates(updates);
                // long enough for several failed, backed-off attempts
                Thread.sleep(4_000);
            }
            finally {
                sql.execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(150));
        double deadLettersAfter = deadLettered("INVALID_FIELD") + deadLettered("NOT_JSON")
                + deadLettered("UNKNOWN_SCHEMA_VERSION");
        assertThat(deadLettersAfter).isEqualTo(deadLettersBefore);
        assertThat(deadLetters(rider, 0)).isEmpty();
    }

    private long rows(List<String> riderIds) {
        return jdbc.sql("SELECT count(*) FROM location_history WHERE rider_id = ANY(CAST(? AS varchar[]))")
            .param(riderIds.toArray(String[]::new))
            .query(Long.class)
            .single();
    }

    private double deadLettered(String reason) {
        Counter counter = meters.find("consumer.dead.letters").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", TestPostgres.username());
        props.setProperty("password", TestPostgres.password());
        return DriverManager.getConnection(TestPostgres.serverUrl(), props);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The dead letters keyed by this rider, reading the whole DLT; waits for {@code expected} of them (0: reads once). */
    private static List<ConsumerRecord<String, String>> deadLetters(String rider, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("rider-updates.DLT")
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            AtomicInteger polls = new AtomicInteger();
            while (polls.incrementAndGet() < 100) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (rider.equals(r.key())) {
                        found.add(r);
                    }
                });
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (found.size() >= expected && atEnd) {
                    break;
                }
                if (atEnd) {
                    end.putAll(consumer.endOffsets(partitions));
                }
            }
        }
        return found;
    }
}
