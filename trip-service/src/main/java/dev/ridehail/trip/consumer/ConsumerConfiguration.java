package dev.ridehail.trip.consumer;

import dev.ridehail.offsets.ConsumerErrorHandling;
import dev.ridehail.offsets.ConsumerInstanceId;
import dev.ridehail.offsets.DatabaseOffsetRebalanceListener;
import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.offsets.DeadLetterPublisher;
import dev.ridehail.offsets.KafkaTopicIds;
import dev.ridehail.offsets.TopicBootstrap;
import dev.ridehail.trip.TripProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;

/**
 * Exactly-once draining of rider-updates: offsets live in this service's database (committed with the rows), the
 * consumer seeks to them on assignment, database failures are retried until the database is back, and records that
 * can never be stored go to the dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConsumerConfiguration {

    private static final Duration TOPIC_BOOTSTRAP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration TOPIC_ID_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    DatabaseOffsetStore databaseOffsetStore(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            TripProperties properties) {
        return new DatabaseOffsetStore(jdbc, transactionManager, properties.consumer().group(),
                ConsumerInstanceId.current());
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
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka, TripProperties properties,
            MeterRegistry meters, @Value("${spring.application.name}") String serviceName, DatabaseOffsetStore store) {
        return new DeadLetterPublisher(kafka, properties.topic().deadLetterName(), meters, serviceName, store);
    }

    // Created when missing, so a fresh broker works without a setup step; an existing topic is left exactly as it is.
    @Bean
    ApplicationRunner riderUpdatesTopicBootstrap(KafkaAdmin admin, TripProperties properties) {
        TripProperties.Topic topic = properties.topic();
        NewTopic riderUpdates = TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicas())
            .build();
        return args -> TopicBootstrap.createIfAbsent(admin.getConfigurationProperties(), riderUpdates,
                TOPIC_BOOTSTRAP_TIMEOUT);
    }

    @Bean
    NewTopic riderUpdatesDeadLetterTopic(TripProperties properties) {
        TripProperties.Topic topic = properties.topic();
        return TopicBuilder.name(topic.deadLetterName()).partitions(1).replicas(topic.replicas()).build();
    }
}
