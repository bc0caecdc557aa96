package dev.ridehail.connectsink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what {@code ConnectStandalone} reads: the worker properties, the connector configuration (JSON, so it can
 * start PAUSED) and the worker's logback configuration.
 */
final class SinkConfigFiles {

    /**
     * The value schema of a location update in Connect's JSON schema notation (the contract's fields; schemaVersion is
     * left out because the table has no column for it). Timestamps and UUIDs stay strings: PostgreSQL parses them
     * into timestamptz and uuid (see {@link #connectorJson}), which keeps recordedAt's microseconds, where Connect's
     * Timestamp type would cut them to milliseconds.
     */
    static final String VALUE_SCHEMA = """
            {"type":"struct","name":"LocationUpdate","optional":false,"fields":[\
            {"field":"eventId","type":"string","optional":false},\
            {"field":"riderId","type":"string","optional":false},\
            {"field":"tripId","type":"string","optional":true},\
            {"field":"lat","type":"double","optional":false},\
            {"field":"lon","type":"double","optional":false},\
            {"field":"speedMps","type":"double","optional":true},\
            {"field":"headingDeg","type":"double","optional":true},\
            {"field":"accuracyM","type":"double","optional":true},\
            {"field":"recordedAt","type":"string","optional":false},\
            {"field":"receivedAt","type":"string","optional":false}]}""";

    /** The contract's camelCase fields to trip-service's column names. */
    static final String RENAMES = "eventId:event_id,riderId:rider_id,tripId:trip_id,speedMps:speed_mps,"
            + "headingDeg:heading_deg,accuracyM:accuracy_m,recordedAt:recorded_at,receivedAt:received_at";

    private SinkConfigFiles() {
    }

    static Path worker(Path directory, SinkSettings settings) {
        String properties = """
                bootstrap.servers=%s
                listeners=http://127.0.0.1:%d
                # standalone mode keeps source offsets in a file; a sink's offsets are its consumer group's, in Kafka
                offset.storage.file.filename=%s
                offset.flush.interval.ms=10000
                key.converter=org.apache.kafka.connect.storage.StringConverter
                value.converter=org.apache.kafka.connect.json.JsonConverter
                # everything the connector needs is on the worker's class path
                plugin.discovery=only_scan
                consumer.max.poll.records=%d
                consumer.auto.offset.reset=earliest
                """.formatted(settings.bootstrapServers(), settings.restPort(),
                directory.resolve("standalone.offsets"), settings.maxPollRecords());
        return write(directory.resolve("worker.properties"), properties);
    }

    /**
     * Upsert on the table's primary key (event_id, recorded_at): a retried update that reached Kafka twice stays one
     * row, as in trip-service. The reduction buffer keeps one record per key within a batch: without it, a repeated
     * eventId inside one rewritten multi-row upsert fails the whole batch ("ON CONFLICT DO UPDATE command cannot
     * affect row a second time") and stops the task. {@code stringtype=unspecified} lets PostgreSQL type the string parameters from their
     * columns (uuid, timestamptz), the documented PostgreSQL JDBC way to write ISO-8601 strings into such columns;
     * {@code reWriteBatchedInserts} is the driver's documented batching option (multi-row INSERT per batch).
     */
    static Path connectorJson(Path directory, SinkSettings settings, boolean startPaused) {
        String url = settings.jdbcUrl() + (settings.jdbcUrl().contains("?") ? "&" : "?") + "stringtype=unspecified"
                + (settings.unnestInsert() ? "" : "&reWriteBatchedInserts=true");
        String json = """
                {
                  "name": "%s",
                  "initial_state": "%s",
                  "config": {
                    "connector.class": "io.debezium.connector.jdbc.JdbcSinkConnector",
                    "tasks.max": "%d",
                    "topics": "%s",
                    "connection.url": "%s",
                    "connection.username": "%s",
                    "connection.password": "%s",
                    "connection.pool.min_size": "1",
                    "connection.pool.max_size": "2",
                    "insert.mode": "upsert",
                    "primary.key.mode": "record_value",
                    "primary.key.fields": "event_id,recorded_at",
                    "use.reduction.buffer": "true",
                    "delete.enabled": "false",
                    "schema.evolution": "none",
                    "collection.name.format": "%s",
                    "batch.size": "%d",
                    "dialect.postgres.unnest.insert.enabled": "%s",
                    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable": "true",
                    "value.converter.schema.content": "%s",
                    "transforms": "columns",
                    "transforms.columns.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
                    "transforms.columns.renames": "%s",
                    "errors.tolerance": "none"
                  }
                }
                """.formatted(settings.connectorName(), startPaused ? "PAUSED" : "RUNNING", settings.tasks(),
                settings.topic(), url, settings.dbUser(), settings.dbPassword(), settings.table(),
                settings.batchSize(), settings.unnestInsert(), VALUE_SCHEMA.replace("\"", "\\\""), RENAMES);
        return write(directory.resolve(settings.connectorName() + ".json"), json);
    }

    static Path logback(Path directory) {
        String xml = """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <logger name="org.apache.kafka.common" level="WARN"/>
                  <logger name="org.reflections" level="ERROR"/>
                  <logger name="org.apache.kafka.connect.runtime.rest.RestServer" level="WARN"/>
                  <logger name="org.hibernate" level="WARN"/>
                  <logger name="io.agroal" level="WARN"/>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """;
        return write(directory.resolve("connect-logback.xml"), xml);
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
