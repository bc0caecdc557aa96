package dev.ridehail.offsets;

import dev.ridehail.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TopicBootstrapTests {

    final Map<String, Object> adminConfig = Map.of("bootstrap.servers", TestKafka.bootstrapServers());

    @Test
    void shouldCreateTheTopicWithItsPartitionsWhenAbsent() throws Exception {
        String name = "absent-" + UUID.randomUUID();

        boolean created = TopicBootstrap.createIfAbsent(adminConfig, new NewTopic(name, 6, (short) 1),
                Duration.ofSeconds(30));

        assertThat(created).isTrue();
        assertThat(partitions(name)).isEqualTo(6);
    }

    @Test
    void shouldLeaveAnExistingTopicsPartitionsAloneSoRidersKeepTheirPartition() throws Exception {
        String name = "notes-style-" + UUID.randomUUID();
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
        }

        boolean created = TopicBootstrap.createIfAbsent(adminConfig, new NewTopic(name, 6, (short) 1),
                Duration.ofSeconds(30));

        assertThat(created).isFalse();
        assertThat(partitions(name)).isEqualTo(2);
    }

    private int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(adminConfig)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
