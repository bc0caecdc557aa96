package dev.ridehail.ingest.support;

import dev.ridehail.testing.TestIssuer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points a Spring test context at {@link TestIssuer#shared()}, whose tokens {@link IngestHttp} sends. A bean rather
 * than a {@code @DynamicPropertySource} method, so test classes importing it share one cached context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestIssuerProperties {

    @Bean
    static DynamicPropertyRegistrar testIssuerRegistrar() {
        return (registry) -> TestIssuer.shared().springProperties()
            .forEach((name, value) -> registry.add(name, () -> value));
    }
}
