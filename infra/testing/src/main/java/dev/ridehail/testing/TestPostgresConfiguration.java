package dev.ridehail.testing;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A fresh PostgreSQL database for this Spring context, dropped when the context closes. */
@TestConfiguration(proxyBeanMethods = false)
public class TestPostgresConfiguration {

    @Bean(destroyMethod = "close")
    TestDatabase testDatabase() {
        return TestPostgres.createDatabase();
    }

    @Bean
    JdbcConnectionDetails jdbcConnectionDetails(TestDatabase testDatabase) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return testDatabase.username();
            }

            @Override
            public String getPassword() {
                return testDatabase.password();
            }

            @Override
            public String getJdbcUrl() {
                return testDatabase.jdbcUrl();
            }
        };
    }
}
