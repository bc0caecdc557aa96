package dev.ridehail.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Locale;

/**
 * One real Kafka broker per test JVM, started on first use and stopped at JVM exit.
 *
 * <p>Default: an in-JVM single-node KRaft broker (spring-kafka-test runs the real Apache Kafka server). With
 * {@code TEST_KAFKA=container} (environment or system property {@code test.kafka}) and a Docker engine, an
 * {@code apache/kafka} Testcontainers container is used instead. Tests only see bootstrap servers, so they cannot
 * tell the two apart.
 */
public final class TestKafka {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static volatile String bootstrapServers;

    private TestKafka() {
    }

    public static String bootstrapServers() {
        String servers = bootstrapServers;
        if (servers == null) {
            synchronized (TestKafka.class) {
                servers = bootstrapServers;
                if (servers == null) {
                    servers = start();
                    bootstrapServers = servers;
                }
            }
        }
        return servers;
    }

    private static String start() {
        if (containerRequested()) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException(
                        "TEST_KAFKA=container was requested but no Docker engine is reachable. Unset TEST_KAFKA to use the in-JVM KRaft broker.");
            }
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-container-stop"));
            return container.getBootstrapServers();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // Small, fast and permissive enough for tests; the services create their own topics.
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("offsets.topic.num.partitions", "5");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-broker-stop"));
        return broker.getBrokersAsString();
    }

    private static boolean containerRequested() {
        String choice = System.getProperty("test.kafka", System.getenv().getOrDefault("TEST_KAFKA", "embedded"));
        return "container".equals(choice.toLowerCase(Locale.ROOT));
    }
}
