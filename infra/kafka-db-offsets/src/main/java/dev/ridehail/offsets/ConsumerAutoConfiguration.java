package dev.ridehail.offsets;

import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Scopes;
import dev.ridehail.topics.TopicProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The consumer plumbing of a service that drains rider-updates into its own database, switched on by a
 * {@link LocationBatchWriter} bean: offsets stored with the rows and sought on assignment, retry without limit while
 * the database is unavailable, bad records to the dead-letter topic, one listener running the shared loop, and the
 * assignments endpoint. The topics are only checked against their shape, never created: their owner is
 * location-ingest-service.
 *
 * <p>The parser rejects fields the schema does not define (its {@code additionalProperties: false}); a service that
 * reads tolerantly declares its own {@link LocationUpdateEventParser} bean.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration" })
@ConditionalOnBean(LocationBatchWriter.class)
@EnableConfigurationProperties({ ConsumerProperties.class, TopicProperties.class })
public class ConsumerAutoConfiguration {

    private static final Duration TOPIC_ID_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    DatabaseOffsetStore databaseOffsetStore(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            ConsumerProperties properties) {
        return new DatabaseOffsetStore(jdbc, transactionManager, properties.group(), ConsumerInstanceId.current());
    }

    // Closed with the context (AutoCloseable): one admin client for the topic-id checks on every assignment.
    @Bean
    KafkaTopicIds kafkaTopicIds(KafkaAdmin admin) {
        return new KafkaTopicIds(admin.getConfigurationProperties(), TOPIC_ID_LOOKUP_TIMEOUT);
    }

    // Declared as a bean, Spring Boot sets it on the listener-container factory.
    @Bean
    DatabaseOffsetRebalanceListener databaseOffsetRebalanceListener(DatabaseOffsetStore store, KafkaTopicIds topicIds,
            MeterRegistry meters) {
        return new DatabaseOffsetRebalanceListener(store, topicIds, meters);
    }

    // The one CommonErrorHandler; Spring Boot sets it on the listener-container factory.
    @Bean
    CommonErrorHandler consumerErrorHandler() {
        return ConsumerErrorHandling.retryUntilDatabaseIsBack();
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka, TopicProperties topic,
            MeterRegistry meters, @Value("${spring.application.name}") String serviceName, DatabaseOffsetStore store) {
        return new DeadLetterPublisher(kafka, topic.deadLetterName(), meters, serviceName, store);
    }

    @Bean
    @ConditionalOnMissingBean
    LocationUpdateEventParser locationUpdateEventParser(ConsumerProperties properties, ObjectProvider<Clock> clock) {
        return new LocationUpdateEventParser(properties.maxFutureSkew(), clock.getIfAvailable(Clock::systemUTC),
                UnknownFields.REJECT);
    }

    @Bean
    LocationUpdateListener locationUpdateListener(ConsumerProperties properties, TopicProperties topic,
            LocationUpdateEventParser parser, LocationBatchWriter writer, DatabaseOffsetStore offsets,
            DatabaseOffsetRebalanceListener assignments, DeadLetterPublisher deadLetters,
            PlatformTransactionManager transactionManager, JdbcClient jdbc, MeterRegistry meters,
            @Value("${spring.application.name}") String serviceName) {
        return new LocationUpdateListener(properties, topic.name(), parser, writer, offsets, assignments, deadLetters,
                transactionManager, jdbc, meters, serviceName);
    }

    // Checks the topics' shape and reports a difference; never creates them (location-ingest-service owns them).
    @Bean
    TopicShapeCheck topicShapeCheck(KafkaAdmin admin, TopicProperties topic, MeterRegistry meters) {
        return new TopicShapeCheck(admin.getConfigurationProperties(), topic, meters);
    }

    // What the loop relies on, whatever application.yml says: raw bytes in (the loop parses, so a bad record becomes a
    // dead letter, not a deserialisation loop, and no type headers couple producer and consumer), offsets only from
    // the database (Kafka's committed offsets are informational, for lag tooling), and a partition with nothing
    // stored read from the beginning of the retained topic.
    @Bean
    DefaultKafkaConsumerFactoryCustomizer rawBytesConsumerFactory() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    // Only the dead-letter publisher produces: the original key and value bytes, acknowledged by all replicas.
    @Bean
    DefaultKafkaProducerFactoryCustomizer rawBytesProducerFactory() {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RestController.class)
    static class AssignmentsEndpointConfiguration {

        @Bean
        ConsumerAssignmentsController consumerAssignmentsController(DatabaseOffsetStore offsets,
                TopicProperties topic) {
            return new ConsumerAssignmentsController(offsets, topic.name());
        }

        // Which instance reads which partition is fleet operations data, not a rider's.
        @Bean
        ApiRules consumerAssignmentsRules() {
            return requests -> requests.requestMatchers(ConsumerAssignmentsController.PATH)
                .hasAuthority(Scopes.authority(Scopes.FLEET_READ));
        }
    }
}
