package dev.ridehail.offsets;

import dev.ridehail.testing.TestKafka;
import dev.ridehail.topics.TopicProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TopicShapeCheckTests {

    final Map<String, Object> adminConfig = Map.of("bootstrap.servers", TestKafka.bootstrapServers());

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldReportADifferentTopicInTheGaugeAndNeverChangeOrCreateOne() throws Exception {
        String name = "checked-" + UUID.randomUUID();
        TopicProperties topic = TopicProperties.of(name, 6, Duration.ofDays(7));
        try (Admin admin = Admin.create(adminConfig)) {
            // the main topic as the source notes created it; the dead-letter topic missing
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
            TopicShapeCheck check = new TopicShapeCheck(adminConfig, topic, meters);

            check.start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(gauge(name)).as("partitions differ").isEqualTo(1);
                    assertThat(gauge(name + ".DLT")).as("missing").isEqualTo(1);
                });
            }
            finally {
                check.stop();
            }

            assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
            assertThat(admin.listTopics().names().get()).doesNotContain(name + ".DLT");
        }
    }

    private double gauge(String topic) {
        return meters.get(TopicShapeCheck.GAUGE).tag("topic", topic).gauge().value();
    }
}
