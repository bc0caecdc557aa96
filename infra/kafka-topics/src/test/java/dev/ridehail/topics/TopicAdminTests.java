package dev.ridehail.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TopicAdminTests {

    static EmbeddedKafkaKraftBroker broker;

    final Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));

    final TopicAdmin topics = new TopicAdmin(admin, Duration.ofSeconds(30));

    final String name = "shape-" + UUID.randomUUID();

    final TopicShape shape = new TopicShape(name, 6, (short) 1, Duration.ofDays(7), 1);

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void shouldCreateTheMainAndTheDeadLetterTopicWithTheSameShapeWhenAbsent() throws Exception {
        TopicShape deadLetter = shape.deadLetter(name + ".DLT");

        List<TopicAdmin.Comparison> created = topics.createIfAbsent(List.of(shape, deadLetter));

        assertThat(created).allSatisfy(c -> assertThat(c.matches()).isTrue());
        // metadata reaches every part of the broker shortly after the creation
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(topics.compare(shape).matches()).isTrue();
            assertThat(topics.compare(deadLetter).matches()).as("the DLT has the main topic's partitions and retention")
                .isTrue();
        });
        assertThat(admin.describeTopics(List.of(name + ".DLT")).allTopicNames().get().get(name + ".DLT").partitions())
            .hasSize(6);
    }

    @Test
    void shouldNeverAlterAnExistingTopicAndReportHowItDiffers() throws Exception {
        // the source notes' topic had 2 partitions; this one also keeps records for an hour only
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1).configs(Map.of("retention.ms", "3600000"))))
            .all()
            .get();
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.compare(shape).exists());

        List<TopicAdmin.Comparison> result = topics.createIfAbsent(List.of(shape));

        assertThat(result).singleElement().satisfies(c -> {
            assertThat(c.exists()).isTrue();
            assertThat(c.mismatches()).anySatisfy(m -> assertThat(m).startsWith("partitions 2 (expected 6)"))
                .anySatisfy(m -> assertThat(m).isEqualTo("retention.ms=3600000 (expected 604800000)"));
        });
        assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions())
            .as("adding partitions would move riders' keys")
            .hasSize(2);
    }

    @Test
    void shouldDeriveOneReplicaWhenTheClusterIsOneBroker() throws Exception {
        assertThat(topics.registeredBrokers()).isEqualTo(1);

        List<TopicShape> shapes = topics.shapesOf(TopicProperties.of(name, 6, Duration.ofDays(7)));

        assertThat(shapes).hasSize(2).allSatisfy(derived -> {
            assertThat(derived.replicationFactor()).isEqualTo((short) 1);
            assertThat(derived.minInsyncReplicas()).isEqualTo(1);
        });
    }

    @Test
    void shouldOnlyReportAMissingTopicWhenCheckingOnly() throws Exception {
        List<TopicAdmin.Comparison> checked = topics.check(List.of(shape));

        assertThat(checked).singleElement().satisfies(c -> assertThat(c.exists()).isFalse());
        assertThat(admin.listTopics().names().get()).doesNotContain(name);
    }
}
