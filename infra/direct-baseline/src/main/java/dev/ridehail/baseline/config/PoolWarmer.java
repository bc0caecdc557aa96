package dev.ridehail.baseline.config;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Opens the connection pool before the app reports ready. Hikari otherwise starts on the first request, and on a
 * loaded machine the first requests of a benchmark then time out waiting for connections, which would be measured
 * as the baseline's latency.
 */
@Component
class PoolWarmer implements ApplicationRunner {

    private final JdbcClient jdbc;

    PoolWarmer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        jdbc.sql("SELECT 1").query(Integer.class).single();
    }
}
