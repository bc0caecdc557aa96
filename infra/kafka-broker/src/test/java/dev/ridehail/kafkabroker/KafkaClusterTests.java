package dev.ridehail.kafkabroker;

import dev.ridehail.topics.TopicAdmin;
import dev.ridehail.topics.TopicProperties;
import dev.ridehail.topics.TopicShape;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three real node processes on loopback: what replication factor 3 with {@code min.insync.replicas} 2 buys (a node
 * lost without a refused or lost write) and what it refuses (an acknowledgement with one replica left). Timeouts are
 * generous: the nodes share two cores with everything else on the machine.
 */
class KafkaClusterTests {

    @TempDir
    static Path tmp;

    static KafkaCluster cluster;

    final String topic = "cluster-" + UUID.randomUUID();

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.onFreePorts(3, tmp.resolve("kafka"), tmp).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Each test starts on the whole cluster, whatever the one before it killed. */
    @BeforeEach
    void wholeCluster() throws Exception {
        cluster.start();
        List<TopicShape> shapes = createTopic();
        assertThat(shapes.getFirst().replicationFactor()).isEqualTo((short) 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.minInSyncReplicas(topic) == 3);
    }

    @Test
    void shouldCreateTheTopicsWithThreeReplicasAndTwoInSyncWhenThreeBrokersRun() throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30,
                    TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(6)
                .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            assertThat(description.partitions().stream().map(p -> p.leader().id()).distinct())
                .as("leaderships spread over the nodes")
                .hasSizeGreaterThan(1);
            for (String name : List.of(topic, topic + ".DLT")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertThat(config.get("min.insync.replicas").value()).as("min.insync.replicas of %s", name)
                    .isEqualTo("2");
            }
        }
        assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        assertThat(cluster.activeController().isAlive()).isTrue();
    }

    @Test
    void shouldKeepAcknowledgingAndLoseNothingWhenThePartitionLeadersNodeIsKilled() throws Exception {
        List<String> written = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(90))) {
            written.addAll(sendAll(producer, "before", 60));

            KafkaBrokerProcess leader = cluster.leaderOfMostPartitions(topic);
            int leaderId = leader.settings().nodeId();
            leader.kill();
            assertThat(leader.isAlive()).isFalse();

            Instant killed = Instant.now();
            written.addAll(sendAll(producer, "after", 60));
            // what a failover costs an acks=all producer here: the figure ingest's ack timeout must absorb
            System.out.printf("KafkaClusterTests: 60 records acknowledged %d ms after node %d was killed%n",
                    Duration.between(killed, Instant.now()).toMillis(), leaderId);
            assertThat(cluster.partitionsLedByNode(topic)).as("leaderships moved off the killed node")
                .doesNotContainKey(leaderId);
            assertThat(readAll(written.size())).as("every acknowledged record, once")
                .containsExactlyInAnyOrderElementsOf(written);

            leader.start();
            await("the restarted node " + leaderId + " back in every partition's ISR").atMost(Duration.ofSeconds(120))
                .until(() -> cluster.minInSyncReplicas(topic) == 3);
            written.addAll(sendAll(producer, "rejoined", 6));
        }
        assertThat(readAll(written.size())).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void shouldAcknowledgeNoWriteWhenTwoOfThreeNodesAreDown() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(15))) {
            sendAll(producer, "whole", 6);
            KafkaBrokerProcess survivor = cluster.node(0);
            cluster.node(1).kill();
            cluster.node(2).kill();

            Instant sent = Instant.now();
            Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, "rider-1", "one-replica"));

            // With two of three nodes gone the quorum has no majority, so no ISR shrinks: the leader waits for
            // replicas that never fetch (a timeout) or, had the ISR shrunk, refuses (NOT_ENOUGH_REPLICAS).
            assertThatThrownBy(() -> ack.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfAny(TimeoutException.class, NotEnoughReplicasException.class,
                        NotEnoughReplicasAfterAppendException.class);
            Duration refused = Duration.between(sent, Instant.now());
            assertThat(refused).isLessThan(Duration.ofSeconds(60));
            System.out.printf("KafkaClusterTests: with two of three nodes down the send failed after %d ms: %s%n",
                    refused.toMillis(), ack.exceptionNow());
            // Without a controller it cannot hand over its leaderships: a graceful stop would only wait.
            survivor.kill();
        }
    }

    private List<TopicShape> createTopic() throws Exception {
        try (Admin admin = admin()) {
            TopicAdmin topics = new TopicAdmin(admin, Duration.ofSeconds(30));
            List<TopicShape> shapes = topics.shapesOf(TopicProperties.of(topic, 6, Duration.ofHours(1)));
            assertThat(topics.createIfAbsent(shapes)).allSatisfy(c -> assertThat(c.matches()).isTrue());
            return shapes;
        }
    }

    /** Sends {@code count} records keyed over many riders (so over every partition) and waits for each ack. */
    private List<String> sendAll(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        List<String> values = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, "rider-" + i, values.get(i))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(120, TimeUnit.SECONDS);
        }
        return values;
    }

    /** Every record of the topic, read from the beginning of each partition without a consumer group. */
    private List<String> readAll(int expected) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = admin()) {
            for (TopicPartitionInfo info : admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
            // one more poll: a record beyond those written (a duplicate) would arrive now
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    /** ingest's producer settings: acks=all and idempotent, with {@code deliveryTimeout} to absorb a failover. */
    private static KafkaProducer<String, String> producer(Duration deliveryTimeout) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.toIntExact(deliveryTimeout.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }
}
