package dev.ridehail.offsets;

import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Assignments against the real broker: stored offsets are checked against the topic they are applied to.
 */
class DatabaseOffsetRebalanceListenerTests {

    static TestDatabase database;

    static JdbcClient jdbc;

    static DataSourceTransactionManager transactionManager;

    static Admin admin;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    KafkaTopicIds topicIds;

    String topic;

    String group;

    @BeforeAll
    static void createDatabase() {
        MigratedDatabase migrated = MigratedDatabase.create("offsets_assign");
        database = migrated.database();
        jdbc = migrated.jdbc();
        transactionManager = migrated.transactionManager();
        admin = Admin.create(adminConfig());
    }

    @AfterAll
    static void dropDatabase() {
        admin.close();
        database.close();
    }

    @BeforeEach
    void uniqueTopicAndGroup() throws Exception {
        topic = "recreated-" + UUID.randomUUID();
        group = "group-" + UUID.randomUUID();
        topicIds = new KafkaTopicIds(adminConfig(), Duration.ofSeconds(10));
        createTopic();
    }

    @AfterEach
    void closeTopicIds() {
        topicIds.close();
    }

    @Test
    void shouldReadEveryRecordOfARecreatedTopicWhenItHoldsFewerRecordsThanTheStoredOffset() throws Exception {
        produce(10, "old");
        assertThat(consumeUntil(10)).hasSize(10);
        assertThat(storedOffset()).isEqualTo(10L);

        recreateTopic();
        produce(3, "new");

        List<ConsumerRecord<String, String>> read = consumeUntil(3);
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("new-0", "new-1", "new-2");
        assertThat(read).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        assertThat(recreatedCounter().count()).isEqualTo(1.0);
        assertThat(storedOffset()).isEqualTo(3L);
        assertThat(storedTopicId()).isEqualTo(currentTopicId().toString());
    }

    @Test
    void shouldNotSkipTheRecordsOfARecreatedTopicBelowTheStoredOffsetWhenItHoldsMore() throws Exception {
        produce(5, "old");
        assertThat(consumeUntil(5)).hasSize(5);

        recreateTopic();
        // Seeking to the stored 5 on this log would skip new-0 .. new-4 without a trace.
        produce(8, "new");

        List<ConsumerRecord<String, String>> read = consumeUntil(8);
        assertThat(read).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(recreatedCounter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheStoredOffsetAndAdoptTheTopicIdWhenTheRowPredatesTopicIds() throws Exception {
        produce(4, "first");
        assertThat(consumeUntil(4)).hasSize(4);
        jdbc.sql("UPDATE kafka_consumer_offsets SET topic_id = NULL WHERE consumer_group = :group")
            .param("group", group)
            .update();
        produce(2, "second");

        List<ConsumerRecord<String, String>> read = consumeUntil(2);

        assertThat(read).extracting(ConsumerRecord::value).containsExactly("second-0", "second-1");
        assertThat(storedTopicId()).isEqualTo(currentTopicId().toString());
        assertThat(meters.find("kafka.consumer.topic.recreated").counter()).isNull();
    }

    @Test
    void shouldReadFromTheLogsEndWhenTheStoredOffsetIsBeyondIt() throws Exception {
        produce(3, "kept");
        assertThat(consumeUntil(3)).hasSize(3);
        // Same topic id, but the broker lost records the consumer had stored offsets for.
        jdbc.sql("UPDATE kafka_consumer_offsets SET next_offset = 50 WHERE consumer_group = :group")
            .param("group", group)
            .update();

        List<ConsumerRecord<String, String>> read = consumeUntil(2, () -> produce(2, "after-loss"));

        // Read from the end at assignment (3): the records written after the loss, not the whole log again.
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("after-loss-0", "after-loss-1");
        assertThat(meters.get("kafka.consumer.offset.beyond.end").tag("group", group).tag("topic", topic).counter()
            .count()).isEqualTo(1.0);
        assertThat(storedOffset()).isEqualTo(5L);
    }

    @Test
    void shouldFailTheAssignmentAndClaimNothingWhenTheTopicIdCannotBeRead() {
        DatabaseOffsetStore store = new DatabaseOffsetStore(jdbc, transactionManager, group, "a");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaTopicIds unreachable = new KafkaTopicIds(Map.of("bootstrap.servers", "127.0.0.1:1"),
                Duration.ofMillis(300)); KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            DatabaseOffsetRebalanceListener listener = new DatabaseOffsetRebalanceListener(store, unreachable, meters,
                    Duration.ofSeconds(2));

            assertThatThrownBy(() -> listener.onPartitionsAssigned(consumer, List.of(partition)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not seeking to stored offsets");
        }
        assertThat(store.ownedPartitions()).isEmpty();
        assertThatThrownBy(() -> new TransactionTemplate(transactionManager)
            .executeWithoutResult(status -> store.commit(Map.of(partition, 1L))))
            .isInstanceOf(OffsetFencedException.class);
    }

    private Counter recreatedCounter() {
        return meters.get("kafka.consumer.topic.recreated").tag("group", group).tag("topic", topic).counter();
    }

    // One consumer of the group, as a service's would be: claims on assignment, commits offsets to the database only.
    private List<ConsumerRecord<String, String>> consumeUntil(int expected) {
        return consumeUntil(expected, () -> {
        });
    }

    private List<ConsumerRecord<String, String>> consumeUntil(int expected, Runnable afterAssignment) {
        DatabaseOffsetStore store = new DatabaseOffsetStore(jdbc, transactionManager, group, "owner-"
                + UUID.randomUUID());
        DatabaseOffsetRebalanceListener listener = new DatabaseOffsetRebalanceListener(store, topicIds, meters);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    listener.onPartitionsAssigned(consumer, partitions);
                    if (!partitions.isEmpty()) {
                        afterAssignment.run();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    listener.onPartitionsRevokedBeforeCommit(consumer, partitions);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                if (!batch.isEmpty()) {
                    new TransactionTemplate(transactionManager)
                        .executeWithoutResult(status -> store.commit(DatabaseOffsetStore.nextOffsets(batch)));
                    read.addAll(batch);
                }
            }
            // Nothing beyond the expected records, read a little longer.
            long quiet = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < quiet) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
    }

    private void produce(int count, String prefix) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, prefix + "-" + i)).get();
            }
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not produce to " + topic, ex);
        }
    }

    private void createTopic() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                return;
            }
            catch (ExecutionException ex) {
                // A deleted topic's name is free again only once the controller finished the deletion.
                if (!(ex.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    private void recreateTopic() throws Exception {
        Uuid before = currentTopicId();
        admin.deleteTopics(List.of(topic)).all().get();
        createTopic();
        assertThat(currentTopicId()).isNotEqualTo(before);
    }

    private Uuid currentTopicId() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
            }
            catch (ExecutionException ex) {
                // A topic just created is known to the controller before the broker's metadata has it.
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    private Long storedOffset() {
        return jdbc.sql("SELECT next_offset FROM kafka_consumer_offsets WHERE consumer_group = :group AND topic = :topic")
            .param("group", group)
            .param("topic", topic)
            .query(Long.class)
            .single();
    }

    private String storedTopicId() {
        return jdbc.sql("SELECT topic_id FROM kafka_consumer_offsets WHERE consumer_group = :group AND topic = :topic")
            .param("group", group)
            .param("topic", topic)
            .query(String.class)
            .single();
    }

    private static Map<String, Object> adminConfig() {
        return Map.of("bootstrap.servers", TestKafka.bootstrapServers());
    }
}
