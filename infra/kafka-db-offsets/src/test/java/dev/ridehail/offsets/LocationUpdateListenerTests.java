package dev.ridehail.offsets;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared loop against a real broker and a real database: one transaction per poll, and the fenced rewind. */
class LocationUpdateListenerTests {

    static TestDatabase database;

    static JdbcClient jdbc;

    static DataSourceTransactionManager transactionManager;

    static KafkaTemplate<byte[], byte[]> kafka;

    static KafkaTopicIds topicIdLookup;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final List<LocationUpdateEvent> written = new ArrayList<>();

    String topic;

    String group;

    TopicPartition p0;

    TopicPartition p1;

    Map<String, Uuid> topicIds;

    @BeforeAll
    static void createDatabase() {
        MigratedDatabase migrated = MigratedDatabase.create("offsets_loop");
        database = migrated.database();
        jdbc = migrated.jdbc();
        transactionManager = migrated.transactionManager();
        jdbc.sql("CREATE TABLE written_rows (event_id uuid PRIMARY KEY)").update();
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        topicIdLookup = new KafkaTopicIds(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void dropDatabase() {
        topicIdLookup.close();
        database.close();
    }

    @BeforeEach
    void createTopics() throws Exception {
        jdbc.sql("TRUNCATE written_rows").update();
        topic = "loop-" + UUID.randomUUID();
        group = "group-" + UUID.randomUUID();
        p0 = new TopicPartition(topic, 0);
        p1 = new TopicPartition(topic, 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            var created = admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1),
                    new NewTopic(topic + ".DLT", 2, (short) 1)));
            created.all().get();
            topicIds = Map.of(topic, created.topicId(topic).get());
        }
    }

    @Test
    void shouldWriteTheValidUpdatesWithTheOffsetsAndDeadLetterTheRest() {
        DatabaseOffsetStore store = store("a");
        store.claim(List.of(p0, p1), topicIds);
        send(p0, valid("rider-a"));
        send(p0, "{\"name\":\"tony\",\"location\":\"south\"}");
        send(p1, valid("rider-b"));

        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<byte[], byte[]>> records = pollAll(consumer, 3);

            listener(store).onBatch(records, consumer);
        }

        assertThat(written).extracting(LocationUpdateEvent::riderId).containsExactlyInAnyOrder("rider-a", "rider-b");
        assertThat(jdbc.sql("SELECT count(*) FROM written_rows").query(Long.class).single()).isEqualTo(2);
        assertThat(store.storedOffsets()).containsEntry(p0, 2L).containsEntry(p1, 1L);
        assertThat(meters.get("consumer.dead.letters").tag("reason", "INVALID_FIELD").counter().count())
            .isEqualTo(1);
        assertThat(meters.get(ConsumerMetrics.BATCH_RECORDS).summary().totalAmount()).isEqualTo(3);
    }

    @Test
    void shouldRollBackAndRewindOnlyTheStillAssignedPartitionsWhenFenced() {
        DatabaseOffsetStore zombie = store("zombie");
        zombie.claim(List.of(p0, p1), topicIds);
        send(p0, valid("rider-a"));
        send(p0, valid("rider-a"));
        send(p1, valid("rider-b"));

        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<byte[], byte[]>> records = pollAll(consumer, 3);
            // while the batch was being parsed, p1 was revoked and another instance claimed both partitions
            consumer.assign(List.of(p0));
            store("successor").claim(List.of(p0, p1), topicIds);

            listener(zombie).onBatch(records, consumer);

            assertThat(consumer.position(p0)).as("rewound to the batch's first offset of p0").isZero();
            assertThat(consumer.assignment()).containsExactly(p0);
        }
        assertThat(written).as("the writer ran inside the transaction that was then refused").hasSize(3);
        assertThat(jdbc.sql("SELECT count(*) FROM written_rows").query(Long.class).single())
            .as("rolled back with the refused offsets")
            .isZero();
        assertThat(zombie.storedOffsets()).isEmpty();
    }

    @Test
    void shouldClaimAnAssignedPartitionThatWasNeverClaimedWhenItsBatchIsRefused() {
        DatabaseOffsetStore store = store("a");
        // p1's claim failed at assignment (its topic id could not be read): assigned here, never claimed
        store.claim(List.of(p0), topicIds);
        send(p0, valid("rider-a"));
        send(p1, valid("rider-b"));

        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(p0, p1));
            LocationUpdateListener listener = listener(store);

            listener.onBatch(pollAll(consumer, 2), consumer);

            assertThat(store.ownedPartitions()).as("claimed after the refused batch").containsExactlyInAnyOrder(p0, p1);
            assertThat(jdbc.sql("SELECT count(*) FROM written_rows").query(Long.class).single()).isZero();

            listener.onBatch(pollAll(consumer, 2), consumer);
        }
        assertThat(store.storedOffsets()).containsEntry(p0, 1L).containsEntry(p1, 1L);
        assertThat(jdbc.sql("SELECT count(*) FROM written_rows").query(Long.class).single()).isEqualTo(2);
    }

    private LocationUpdateListener listener(DatabaseOffsetStore store) {
        DatabaseOffsetRebalanceListener assignments = new DatabaseOffsetRebalanceListener(store, topicIdLookup, meters);
        ConsumerProperties properties = new ConsumerProperties(group, Duration.ofMinutes(5), Duration.ofSeconds(120));
        LocationBatchWriter writer = updates -> {
            written.addAll(updates);
            for (LocationUpdateEvent update : updates) {
                jdbc.sql("INSERT INTO written_rows (event_id) VALUES (?)").param(update.eventId()).update();
            }
        };
        return new LocationUpdateListener(properties, topic,
                new LocationUpdateEventParser(properties.maxFutureSkew(), Clock.systemUTC(), UnknownFields.REJECT),
                writer, store, assignments, new DeadLetterPublisher(kafka, topic + ".DLT", meters, "test-service", store),
                transactionManager, jdbc, meters, "test-service");
    }

    private DatabaseOffsetStore store(String owner) {
        return new DatabaseOffsetStore(jdbc, transactionManager, group, owner);
    }

    private static String valid(String riderId) {
        Instant now = Instant.now();
        return """
                {"schemaVersion":1,"eventId":"%s","riderId":"%s","tripId":null,"lat":52.5,"lon":13.4,\
                "speedMps":null,"headingDeg":null,"accuracyM":null,"recordedAt":"%s","receivedAt":"%s"}"""
            .formatted(UUID.randomUUID(), riderId, now.minusSeconds(1), now);
    }

    private void send(TopicPartition partition, String value) {
        kafka.send(new ProducerRecord<>(partition.topic(), partition.partition(), null,
                value.getBytes(StandardCharsets.UTF_8))).join();
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> pollAll(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
