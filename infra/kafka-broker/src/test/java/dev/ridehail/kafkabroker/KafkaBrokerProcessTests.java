package dev.ridehail.kafkabroker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerProcessTests {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepTopicsAndRecordsWhenKilledAndRestartedOnSameDataDir() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts(tmp.resolve("data"), tmp.resolve("broker.log"))
            .start()) {
            long firstPid = broker.pid();
            assertThat(ProcessHandle.current().pid()).isNotEqualTo(firstPid);
            createTopic(broker, "rides", 3);
            produce(broker, "rides", List.of("a", "b", "c", "d", "e"));
            assertThat(consumeAll(broker, "rides", 5)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");

            broker.kill();
            assertThat(broker.isAlive()).isFalse();

            broker.start();
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            produce(broker, "rides", List.of("f"));
            assertThat(consumeAll(broker, "rides", 6)).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
            assertThat(Files.readString(broker.settings().propertiesFile())).contains("process.roles=broker,controller");
        }
    }

    @Test
    void shouldAnswerNothingWhilePausedAndServeAgainWhenResumedOrRestarted() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts(tmp.resolve("data"), tmp.resolve("broker.log"))
            .start()) {
            createTopic(broker, "frozen", 1);

            broker.pause();
            assertThat(broker.isAlive()).isTrue();
            assertThatThrownBy(() -> describeCluster(broker, 1500)).isInstanceOf(Exception.class);

            broker.resume();
            assertThat(describeCluster(broker, 10_000)).isEqualTo(1);

            broker.restart();
            assertThat(listTopics(broker)).contains("frozen");
            broker.stop();
            assertThat(broker.isAlive()).isFalse();
            assertThat(Files.readString(broker.logFile())).contains(KafkaBrokerMain.READY_MARKER);
        }
    }

    @Test
    void shouldApplyBrokerPropertiesGivenOnTopOfTheDefaults() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts(tmp.resolve("data"), tmp.resolve("broker.log"))
            .withBrokerProperty("group.consumer.min.session.timeout.ms", "6000")
            .withBrokerProperty("group.consumer.session.timeout.ms", "6000")
            .start();
                Admin admin = Admin.create(admin(broker))) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(BrokerSettings.NODE_ID));
            Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);

            assertThat(config.get("group.consumer.min.session.timeout.ms").value()).isEqualTo("6000");
            assertThat(config.get("group.consumer.session.timeout.ms").value()).isEqualTo("6000");
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void shouldRefuseABrokerPropertyWithoutValue() {
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] { "--set", "num.io.threads" }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("property=value");
    }

    private static Map<String, Object> admin(KafkaBrokerProcess broker) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    private static void createTopic(KafkaBrokerProcess broker, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(admin(broker))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> listTopics(KafkaBrokerProcess broker) throws Exception {
        try (Admin admin = Admin.create(admin(broker))) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private static int describeCluster(KafkaBrokerProcess broker, int timeoutMs)
            throws InterruptedException, ExecutionException {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeoutMs);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes().get().size();
        }
    }

    private static void produce(KafkaBrokerProcess broker, String topic, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consumeAll(KafkaBrokerProcess broker, String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
