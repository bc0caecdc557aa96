package dev.ridehail.rider;

import dev.ridehail.testing.TestInfrastructureConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one integration-test setup (real Kafka broker, fresh real PostgreSQL database, the service on a random port):
 * every integration test uses exactly this, so the suite starts one cached Spring context and one consumer (the few
 * that need other security settings add a {@code @TestPropertySource}, which wins over these properties). Tokens come
 * from the shared {@link dev.ridehail.testing.TestIssuer} (see {@link RiderTestSupport}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// A short statement timeout keeps the database-unavailable test quick; production uses DB_STATEMENT_TIMEOUT (5 s).
// Every test calls as the same admin, faster than a real client would: the read limit is ReadRateLimitTests' topic.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=2s",
                "ridehail.security.rate-limits.reads.burst=1000000",
                "ridehail.security.rate-limits.reads.per-second=1000000" })
@Import({ TestInfrastructureConfiguration.class, RiderTestSupport.class })
public @interface RiderIntegrationTest {
}
