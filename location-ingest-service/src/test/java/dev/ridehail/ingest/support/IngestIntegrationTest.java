package dev.ridehail.ingest.support;

import dev.ridehail.testing.TestKafkaConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The service on a random port against the shared test broker, trusting {@link dev.ridehail.testing.TestIssuer}: one
 * annotation, so every class using it shares one cached context.
 *
 * <p>A generous ack timeout: on a saturated shared host the broker can take seconds to acknowledge, and these tests
 * are about answers to input, not about the bound (KafkaOutageTests checks that).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ingest.publish.ack-timeout=30s", "ingest.health.timeout=5s", "logging.level.kafka=WARN",
                "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN" })
@Import({ TestKafkaConfiguration.class, TestIssuerProperties.class })
public @interface IngestIntegrationTest {
}
