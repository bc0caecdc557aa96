package dev.ridehail.connectsink;

import dev.ridehail.kafkabroker.BrokerSettings;
import dev.ridehail.kafkabroker.KafkaBrokerProcess;
import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real thing end to end: a broker process (infra/kafka-broker, Kafka 4.1.2), Kafka Connect standalone with the
 * Debezium JDBC sink as its own process, and trip-service's location_history table in a fresh PostgreSQL database.
 */
class ConnectSinkProcessTests {

    private static final Path PROJECT = Path.of("../..").toAbsolutePath().normalize();

    private static final Path LIB = Path.of("target/lib").toAbsolutePath();

    private static final String TOPIC = "rider-updates";

    private static final int UPDATES = 500;

    @TempDir
    static Path work;

    private static KafkaBrokerProcess broker;

    private static TestDatabase database;

    @BeforeAll
    static void startBrokerAndTable() throws Exception {
        Path brokerJar = PROJECT.resolve("infra/kafka-broker/target/kafka-broker.jar");
        assertThat(brokerJar).as("build infra/kafka-broker first (package)").isRegularFile();
        broker = KafkaBrokerProcess
            .of(new BrokerSettings("127.0.0.1", 19492, 19493, work.resolve("kafka"), 6), work.resolve("broker.log"))
            .withClasspath(brokerJar.toString())
            .start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
        }
        database = TestPostgres.createDatabase("connect_sink");
        // trip-service's own migration, so the sink writes into exactly the table shape the service owns
        String ddl = Files.readString(
                PROJECT.resolve("trip-service/src/main/resources/db/migration/V1__create_location_history.sql"));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    @AfterAll
    static void stopAll() {
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void shouldStoreEveryPublishedUpdateOnceWhenAnEventIdArrivesTwice() throws Exception {
        SinkSettings settings = SinkSettings
            .tuned("test-sink", broker.bootstrapServers(), TOPIC, database.jdbcUrl(), database.username(),
                    database.password(), 18383)
            .withTasks(2)
            .withBatch(100, 100, false);
        Instant recordedAt = Instant.parse("2026-11-25T10:00:00.123456Z");
        try (ConnectSinkProcess sink = ConnectSinkProcess.start(LIB, work.resolve("connect"), settings, true)) {
            UUID repeated = UUID.randomUUID();
            String repeatedJson = json(repeated, "rider-0", UUID.randomUUID(), recordedAt);
            try (KafkaProducer<String, String> producer = producer()) {
                // a client retry that reached Kafka twice: same eventId, same update, once next to the original
                // (so both land in one batch of the sink) and once at the end (another batch)
                producer.send(new ProducerRecord<>(TOPIC, "rider-0", repeatedJson));
                producer.send(new ProducerRecord<>(TOPIC, "rider-0", repeatedJson));
                for (int i = 1; i < UPDATES; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "rider-" + i % 50, json(UUID.randomUUID(),
                            "rider-" + i % 50, i % 2 == 0 ? UUID.randomUUID() : null, recordedAt.plusSeconds(i))));
                }
                producer.send(new ProducerRecord<>(TOPIC, "rider-0", repeatedJson));
                producer.flush();
            }
            assertThat(count("SELECT count(*) FROM location_history")).as("paused: nothing consumed").isZero();

            sink.resume();

            await().atMost(Duration.ofMinutes(2))
                .until(() -> count("SELECT count(*) FROM location_history") >= UPDATES);
            Thread.sleep(2000); // a duplicate written late would show up now
            assertThat(count("SELECT count(*) FROM location_history")).isEqualTo(UPDATES);
            assertThat(count("SELECT count(DISTINCT event_id) FROM location_history")).isEqualTo(UPDATES);
            assertThat(count("SELECT count(*) FROM location_history WHERE trip_id IS NULL")).isEqualTo(UPDATES / 2);
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT rider_id, lat, speed_mps, recorded_at, received_at "
                            + "FROM location_history WHERE event_id = '" + repeated + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("rider_id")).isEqualTo("rider-0");
                assertThat(rs.getDouble("lat")).isEqualTo(38.7);
                assertThat(rs.getFloat("speed_mps")).isEqualTo(8.5f);
                // microseconds survive: the timestamps travel as ISO-8601 strings into timestamptz
                assertThat(rs.getTimestamp("recorded_at").toInstant()).isEqualTo(recordedAt);
                assertThat(rs.getTimestamp("received_at").toInstant()).isEqualTo(recordedAt.plusMillis(300));
            }
        }
    }

    private static String json(UUID eventId, String riderId, UUID tripId, Instant recordedAt) {
        return "{\"schemaVersion\":1,\"eventId\":\"" + eventId + "\",\"riderId\":\"" + riderId + "\",\"tripId\":"
                + (tripId == null ? "null" : "\"" + tripId + "\"")
                + ",\"lat\":38.7,\"lon\":-9.14,\"speedMps\":8.5,\"headingDeg\":null,\"accuracyM\":5.0,"
                + "\"recordedAt\":\"" + recordedAt + "\",\"receivedAt\":\"" + recordedAt.plusMillis(300) + "\"}";
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
