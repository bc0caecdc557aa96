package dev.ridehail.offsets;

import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh test database with this library's migrations applied, and the JDBC pieces the tests drive it with. */
record MigratedDatabase(TestDatabase database, JdbcClient jdbc, DataSourceTransactionManager transactionManager) {

    static MigratedDatabase create(String name) {
        TestDatabase database = TestPostgres.createDatabase(name);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        return new MigratedDatabase(database, JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
    }
}
