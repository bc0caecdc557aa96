package dev.ridehail.offsets;

import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterPublisherTests {

    static TestDatabase database;

    static JdbcClient jdbc;

    static DataSourceTransactionManager transactionManager;

    static Admin admin;

    static KafkaTemplate<byte[], byte[]> template;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    String group;

    String sourceTopic;

    String deadLetterTopic;

    @BeforeAll
    static void createDatabaseAndProducer() {
        MigratedDatabase migrated = MigratedDatabase.create("offsets_dlt");
        database = migrated.database();
        jdbc = migrated.jdbc();
        transactionManager = migrated.transactionManager();
        jdbc.sql("CREATE TABLE written_rows (id text PRIMARY KEY)").update();
        admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()));
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    @AfterAll
    static void closeAll() {
        template.destroy();
        admin.close();
        database.close();
    }

    @BeforeEach
    void uniqueTopicsAndGroup() throws Exception {
        group = "group-" + UUID.randomUUID();
        sourceTopic = "source-" + UUID.randomUUID();
        deadLetterTopic = sourceTopic + ".DLT";
        admin.createTopics(List.of(new NewTopic(sourceTopic, 1, (short) 1), new NewTopic(deadLetterTopic, 1, (short) 1)))
            .all()
            .get();
    }

    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        jdbc.sql("DELETE FROM written_rows").update();
    }

    @Test
    void shouldCopyOriginalBytesAndRecordWhereAndWhyWhenPublishing() {
        DatabaseOffsetStore store = store("a");
        Uuid riderUpdatesId = Uuid.randomUuid();
        store.claim(List.of(new TopicPartition("rider-updates", 4)), Map.of("rider-updates", riderUpdatesId));
        DeadLetterPublisher publisher = publisher(store);
        byte[] poison = "{\"name\":\"tony\",\"location\":\"south\"}".getBytes(StandardCharsets.UTF_8);

        boolean published = publisher.publish(new ConsumerRecord<>("rider-updates", 4, 1234L,
                "tony".getBytes(StandardCharsets.UTF_8), poison), "INVALID_FIELD", "riderId is required");

        assertThat(published).isTrue();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(deadLetterTopic, 1);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.getFirst();
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo("tony");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo("rider-updates");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_PARTITION)).isEqualTo("4");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_OFFSET)).isEqualTo("1234");
        assertThat(header(deadLetter, DeadLetterPublisher.REASON)).isEqualTo("INVALID_FIELD");
        assertThat(header(deadLetter, DeadLetterPublisher.REASON_DETAIL)).isEqualTo("riderId is required");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_TOPIC_ID)).isEqualTo(riderUpdatesId.toString());
        assertThat(header(deadLetter, DeadLetterPublisher.CONSUMER_GROUP)).isEqualTo(group);
        assertThat(header(deadLetter, DeadLetterPublisher.DEAD_LETTER_ID))
            .isEqualTo(group + "/" + riderUpdatesId + "/4/1234");
        assertThat(meters.get("consumer.dead.letters").tag("service", "trip-service").tag("reason", "INVALID_FIELD")
            .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldPublishOneDeadLetterWhenTheBatchIsRetriedAfterADatabaseFailure() throws Exception {
        DatabaseOffsetStore store = store("a");
        DeadLetterPublisher publisher = publisher(store);
        AtomicInteger failedAttempts = new AtomicInteger();
        KafkaMessageListenerContainer<byte[], byte[]> container = container(store, records -> {
            try {
                writeBatch(store, publisher, records);
            }
            catch (RuntimeException ex) {
                failedAttempts.incrementAndGet();
                throw ex;
            }
        });
        // The first attempt's insert waits on this lock until its statement timeout: a real database failure after
        // the dead letter went out.
        try (Connection locker = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE written_rows IN ACCESS EXCLUSIVE MODE");
            }
            produce("good-1", "poison", "good-2");
            container.start();
            awaitTrue(() -> failedAttempts.get() >= 1, "the first attempt to fail");
            locker.rollback();
        }
        try {
            awaitTrue(() -> Long.valueOf(3L).equals(store.storedOffsets().get(new TopicPartition(sourceTopic, 0))),
                    "the retried batch to commit");
        }
        finally {
            container.stop();
        }

        assertThat(deadLetterEndOffset()).isEqualTo(1L);
        assertThat(readAll(deadLetterTopic, 1)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .containsExactly("poison");
        assertThat(jdbc.sql("SELECT id FROM written_rows ORDER BY id").query(String.class).list())
            .containsExactly("good-1", "good-2");
        assertThat(deadLetterLogRows()).isZero();
        assertThat(meters.get("consumer.dead.letters").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldPublishOneDeadLetterWhenTheNextOwnerReadsTheRecordAgainAfterAFencing() throws Exception {
        produce("good-1", "poison");
        TopicPartition partition = new TopicPartition(sourceTopic, 0);
        Map<String, Uuid> ids = Map.of(sourceTopic, topicId());
        List<ConsumerRecord<byte[], byte[]>> batch = readAll(sourceTopic, 2);
        DatabaseOffsetStore zombie = store("zombie");
        zombie.claim(List.of(partition), ids);
        DatabaseOffsetStore successor = store("successor");
        // The zombie dead-letters, then finds its partition claimed by the successor when it writes the batch.
        assertThatThrownBy(() -> writeBatch(zombie, publisher(zombie), batch, () -> successor.claim(List.of(partition),
                ids))).isInstanceOf(OffsetFencedException.class);
        assertThat(deadLetterEndOffset()).isEqualTo(1L);

        writeBatch(successor, publisher(successor), batch);

        assertThat(deadLetterEndOffset()).isEqualTo(1L);
        assertThat(successor.storedOffsets()).containsEntry(partition, 2L);
        assertThat(deadLetterLogRows()).isZero();
    }

    // What a service's listener does with one poll: dead-letter the bad records, then rows and offsets in one
    // transaction.
    private void writeBatch(DatabaseOffsetStore store, DeadLetterPublisher publisher,
            List<ConsumerRecord<byte[], byte[]>> records) {
        writeBatch(store, publisher, records, () -> {
        });
    }

    private void writeBatch(DatabaseOffsetStore store, DeadLetterPublisher publisher,
            List<ConsumerRecord<byte[], byte[]>> records, Runnable beforeWrite) {
        List<String> good = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (value.equals("poison")) {
                publisher.publish(record, "NOT_JSON", "not JSON");
            }
            else {
                good.add(value);
            }
        }
        beforeWrite.run();
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.sql("SELECT set_config('statement_timeout', '500ms', true)").query(String.class).single();
            good.forEach(id -> jdbc.sql("INSERT INTO written_rows VALUES (:id)").param("id", id).update());
            store.commit(DatabaseOffsetStore.nextOffsets(records));
        });
    }

    private KafkaMessageListenerContainer<byte[], byte[]> container(DatabaseOffsetStore store,
            BatchMessageListener<byte[], byte[]> listener) {
        DefaultKafkaConsumerFactory<byte[], byte[]> consumers = new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        ContainerProperties properties = new ContainerProperties(sourceTopic);
        KafkaTopicIds topicIds = new KafkaTopicIds(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                Duration.ofSeconds(10));
        toClose.add(topicIds);
        properties.setConsumerRebalanceListener(new DatabaseOffsetRebalanceListener(store, topicIds, meters));
        properties.setMessageListener(listener);
        KafkaMessageListenerContainer<byte[], byte[]> container = new KafkaMessageListenerContainer<>(consumers,
                properties);
        container.setCommonErrorHandler(ConsumerErrorHandling.retryUntilDatabaseIsBack());
        return container;
    }

    private DatabaseOffsetStore store(String owner) {
        return new DatabaseOffsetStore(jdbc, transactionManager, group, owner);
    }

    private DeadLetterPublisher publisher(DatabaseOffsetStore store) {
        return new DeadLetterPublisher(template, deadLetterTopic, meters, "trip-service", store);
    }

    private void produce(String... values) throws Exception {
        for (String value : values) {
            template.send(new ProducerRecord<>(sourceTopic, 0, null, value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private Uuid topicId() throws Exception {
        return admin.describeTopics(List.of(sourceTopic)).allTopicNames().get().get(sourceTopic).topicId();
    }

    private long deadLetterEndOffset() throws Exception {
        TopicPartition partition = new TopicPartition(deadLetterTopic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    private long deadLetterLogRows() {
        return jdbc.sql("SELECT count(*) FROM dead_letter_log WHERE consumer_group = :group")
            .param("group", group)
            .query(Long.class)
            .single();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(read::add);
            }
        }
        if (read.size() < expected) {
            throw new AssertionError("Only " + read.size() + " of " + expected + " records arrived on " + topic);
        }
        return read;
    }
}
