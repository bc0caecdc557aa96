package dev.ridehail.topics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TopicPropertiesTests {

    @ParameterizedTest(name = "{0} broker(s): replication factor {1}, min.insync.replicas {2}")
    @CsvSource({ "1, 1, 1", "2, 2, 1", "3, 3, 2", "5, 3, 2" })
    void shouldFollowTheClustersBrokersWhenReplicationIsNotConfigured(int brokers, short factor, int minInsync) {
        TopicProperties properties = TopicProperties.of("rider-updates", 6, Duration.ofDays(7));

        assertThat(properties.shapes(brokers)).hasSize(2).allSatisfy(shape -> {
            assertThat(shape.replicationFactor()).isEqualTo(factor);
            assertThat(shape.minInsyncReplicas()).isEqualTo(minInsync);
        });
        assertThat(properties.shapes(brokers)).extracting(TopicShape::name)
            .containsExactly("rider-updates", "rider-updates.DLT");
    }

    @ParameterizedTest(name = "configured {0} / {1} on 3 brokers: {2} / {3}")
    @CsvSource(nullValues = "unset", value = { "1, unset, 1, 1", "2, unset, 2, 1", "5, unset, 5, 4", "3, 3, 3, 3",
            "unset, 1, 3, 1" })
    void shouldTakeTheConfiguredReplicationOverTheDerivedOne(Short configuredFactor, Integer configuredMinInsync,
            short factor, int minInsync) {
        TopicProperties properties = new TopicProperties("rider-updates", "rider-updates.DLT", 6, configuredFactor,
                Duration.ofDays(7), configuredMinInsync);

        TopicShape shape = properties.shape(3);

        assertThat(shape.replicationFactor()).isEqualTo(factor);
        assertThat(shape.minInsyncReplicas()).isEqualTo(minInsync);
    }
}
