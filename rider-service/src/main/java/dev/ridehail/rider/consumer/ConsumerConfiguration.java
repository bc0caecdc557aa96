package dev.ridehail.rider.consumer;

import dev.ridehail.offsets.ConsumerErrorHandling;
import dev.ridehail.offsets.ConsumerInstanceId;
import dev.ridehail.offsets.DatabaseOffsetRebalanceListener;
import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.offsets.DeadLetterPublisher;
import dev.ridehail.offsets.KafkaTopicIds;
import dev.ridehail.offsets.TopicBootstrap;
import dev.ridehail.rider.RiderProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;

/**
 * The latest-position consumer's wiring: offsets stored with the rows (exactly-once into PostgreSQL), retry without
 * limit while the database is unavailable, bad records to the dead-letter topic, and the topics themselves.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    private static final Duration TOPIC_BOOTSTRAP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration TOPIC_ID_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ConsumerInstance consumerInstance(RiderProperties properties) {
        return new ConsumerInstance(properties.consumer().group(), ConsumerInstanceId.current(),
                properties.topic().name());
    }

    @Bean
    DatabaseOffsetStore databaseOffsetStore(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            ConsumerInstance instance) {
        return new DatabaseOffsetStore(jdbc, transactionManager, instance.group(), instance.instanceId());
    }

    // Closed with the context (AutoCloseable): one admin client for the consumers' topic-id checks.
    @Bean
    KafkaTopicIds kafkaTopicIds(KafkaAdmin admin) {
        return new KafkaTopicIds(admin.getConfigurationProperties(), TOPIC_ID_LOOKUP_TIMEOUT);
    }

    @Bean
    DatabaseOffsetRebalanceListener databaseOffsetRebalanceListener(DatabaseOffsetStore store, KafkaTopicIds topicIds,
            MeterRegistry meters) {
        return new DatabaseOffsetRebalanceListener(store, topicIds, meters);
    }

    @Bean
    CommonErrorHandler consumerErrorHandler() {
        return ConsumerErrorHandling.retryUntilDatabaseIsBack();
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka, RiderProperties properties,
            MeterRegistry meters, @Value("${spring.application.name}") String serviceName, DatabaseOffsetStore store) {
        return new DeadLetterPublisher(kafka, properties.topic().deadLetterName(), meters, serviceName, store);
    }

    // Created when missing, so a fresh broker works without a setup step; an existing topic is left exactly as it is.
    @Bean
    ApplicationRunner riderUpdatesTopicBootstrap(KafkaAdmin admin, RiderProperties properties) {
        NewTopic riderUpdates = topic(properties.topic(), properties.topic().name());
        return args -> TopicBootstrap.createIfAbsent(admin.getConfigurationProperties(), riderUpdates,
                TOPIC_BOOTSTRAP_TIMEOUT);
    }

    @Bean
    NewTopic riderUpdatesDeadLetterTopic(RiderProperties properties) {
        return topic(properties.topic(), properties.topic().deadLetterName());
    }

    private static NewTopic topic(RiderProperties.Topic settings, String name) {
        return TopicBuilder.name(name)
            .partitions(settings.partitions())
            .replicas(settings.replicas())
            .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()))
            .build();
    }
}
