package dev.ridehail.connectsink;

/**
 * One Kafka Connect worker running one Debezium JDBC sink connector that drains the location topic into a
 * {@code location_history} table of the same shape as trip-service's.
 *
 * @param connectorName also names the consumer group: {@code connect-<connectorName>}
 * @param bootstrapServers the broker the worker and its sink tasks connect to
 * @param topic the topic to drain (plain JSON location updates, as location-ingest-service publishes them)
 * @param jdbcUrl the database holding the target table, which must exist (schema evolution is off)
 * @param table the target table
 * @param tasks {@code tasks.max}: sink tasks, each its own consumer in the group and its own database session
 * @param batchSize the connector's {@code batch.size}: records written per flush
 * @param maxPollRecords the worker's consumer {@code max.poll.records}; records per {@code put} are at most this
 * @param unnestInsert {@code dialect.postgres.unnest.insert.enabled}: one {@code INSERT ... SELECT FROM UNNEST} per
 * batch instead of a JDBC batch of single-row statements. Off in {@link #tuned}: it binds string fields as
 * {@code text[]}, which PostgreSQL will not put into the uuid column; the JDBC driver's
 * {@code reWriteBatchedInserts} turns the batch into multi-row INSERTs instead
 * @param restPort Connect's REST listener on 127.0.0.1
 * @param heapMb the worker JVM's maximum heap
 */
public record SinkSettings(String connectorName, String bootstrapServers, String topic, String jdbcUrl,
        String dbUser, String dbPassword, String table, int tasks, int batchSize, int maxPollRecords,
        boolean unnestInsert, int restPort, int heapMb) {

    /** The configuration the benchmark compares with trip-service: what a user tuning the sink would pick. */
    public static SinkSettings tuned(String connectorName, String bootstrapServers, String topic, String jdbcUrl,
            String dbUser, String dbPassword, int restPort) {
        return new SinkSettings(connectorName, bootstrapServers, topic, jdbcUrl, dbUser, dbPassword,
                "location_history", 1, 5_000, 5_000, false, restPort, 512);
    }

    public SinkSettings withTasks(int count) {
        return new SinkSettings(connectorName, bootstrapServers, topic, jdbcUrl, dbUser, dbPassword, table, count,
                batchSize, maxPollRecords, unnestInsert, restPort, heapMb);
    }

    public SinkSettings withConnectorName(String name) {
        return new SinkSettings(name, bootstrapServers, topic, jdbcUrl, dbUser, dbPassword, table, tasks, batchSize,
                maxPollRecords, unnestInsert, restPort, heapMb);
    }

    public SinkSettings withBatch(int size, int pollRecords, boolean unnest) {
        return new SinkSettings(connectorName, bootstrapServers, topic, jdbcUrl, dbUser, dbPassword, table, tasks,
                size, pollRecords, unnest, restPort, heapMb);
    }

    public String consumerGroup() {
        return "connect-" + connectorName;
    }

    /** One line for reports and logs. */
    public String describe() {
        return "tasks.max=" + tasks + ", batch.size=" + batchSize + ", consumer max.poll.records=" + maxPollRecords
                + (unnestInsert ? ", unnest insert" : ", reWriteBatchedInserts") + ", insert.mode=upsert";
    }
}
