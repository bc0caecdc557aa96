package dev.ridehail.testing;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;

/** Real Kafka only, for services without a database. */
@TestConfiguration(proxyBeanMethods = false)
public class TestKafkaConfiguration {

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails() {
        List<String> bootstrapServers = List.of(TestKafka.bootstrapServers().split(","));
        return () -> bootstrapServers;
    }
}
