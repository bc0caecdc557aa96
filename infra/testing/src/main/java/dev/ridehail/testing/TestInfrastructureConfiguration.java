package dev.ridehail.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The one test configuration integration tests of services with a database import: a real Kafka broker (one per
 * test JVM) and a fresh PostgreSQL database (one per Spring context, dropped when the context closes). Spring Boot's
 * connection-details mechanism picks both up, so the services run their production wiring and Flyway migrations
 * unchanged.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ TestKafkaConfiguration.class, TestPostgresConfiguration.class })
public class TestInfrastructureConfiguration {
}
