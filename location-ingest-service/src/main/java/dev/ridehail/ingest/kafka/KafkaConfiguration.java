package dev.ridehail.ingest.kafka;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventSerializer;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.topics.TopicProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

// TopicProperties: the topics this service owns, bound under the ridehail.topic.* names the consumers check them by.
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicProperties.class)
class KafkaConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Values are written by the contract's LocationUpdateEventSerializer, byte for byte what Boot's JsonMapper wrote
     * (ISO-8601 instants) at a fraction of databind's CPU, and without type headers: consumers read the contract, not
     * our class names. send() may block for metadata or buffer space; that wait is capped at the ack timeout so a
     * request can never hang on a missing broker.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer locationProducerCustomizer(IngestProperties properties) {
        return (factory) -> {
            factory.updateConfigs(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    properties.publish().ackTimeout().toMillis()));
            // LocationPublisher's template is the only producer in this service, so every value is an event.
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, LocationUpdateEvent> typed =
                    (DefaultKafkaProducerFactory<Object, LocationUpdateEvent>) factory;
            typed.setValueSerializer(valueSerializer());
        };
    }

    /** The contract's serializer as Kafka's value serializer: it adds no headers, and null stays null. */
    static Serializer<LocationUpdateEvent> valueSerializer() {
        LocationUpdateEventSerializer serializer = new LocationUpdateEventSerializer();
        return (topic, event) -> serializer.serialize(event);
    }

    /** One long-lived admin client for topic creation and the health probe. */
    @Bean(destroyMethod = "close")
    Admin kafkaAdminClient(KafkaAdmin kafkaAdmin, IngestProperties properties) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        int timeout = Math.toIntExact(properties.health().timeout().toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        return Admin.create(config);
    }
}
