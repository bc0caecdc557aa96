package dev.ridehail.trip.history;

import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.trip.TripProperties;
import dev.ridehail.trip.trip.TripAggregates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes one poll's valid updates, the trip aggregates they change and the consumed offsets in one transaction.
 */
@Service
class LocationBatchService {

    private final DataSource dataSource;

    private final String writeStatementTimeout;

    private final HistoryWriter writer;

    private final TripAggregates aggregates;

    private final DatabaseOffsetStore offsets;

    private final Counter written;

    private final Counter duplicates;

    private final Timer writeTime;

    private final Timer aggregatesTime;

    private final Timer offsetsTime;

    LocationBatchService(DataSource dataSource, HistoryWriter writer, TripAggregates aggregates,
            DatabaseOffsetStore offsets, MeterRegistry meters, TripProperties properties) {
        this.writeStatementTimeout = properties.consumer().writeStatementTimeout().toMillis() + "ms";
        this.dataSource = dataSource;
        this.writer = writer;
        this.aggregates = aggregates;
        this.offsets = offsets;
        this.written = Counter.builder("trip_history_rows_written")
            .description("Location updates appended to location_history")
            .register(meters);
        this.duplicates = Counter.builder("trip_history_duplicates_skipped")
            .description("Location updates whose eventId was already stored")
            .register(meters);
        this.writeTime = BatchPhases.timer(meters, "history-write");
        this.aggregatesTime = BatchPhases.timer(meters, "trip-aggregates");
        this.offsetsTime = BatchPhases.timer(meters, "offsets");
    }

    /**
     * @throws dev.ridehail.offsets.OffsetFencedException when another consumer owns one of the partitions now; nothing
     *     of this batch is committed then
     */
    // rollbackFor: a SQLException from the bulk write is checked, and must roll back like any other failure
    @Transactional(rollbackFor = Exception.class)
    public void write(List<LocationUpdate> updates, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        HistoryWriter.Result result = HistoryWriter.Result.empty();
        // The transaction's own connection, so the bulk write commits or rolls back with the offsets.
        Connection connection = DataSourceUtils.getConnection(dataSource);
        // A locked or slow table must make the batch wait (the listener keeps its partitions), not fail and retry
        // every few seconds; the query path keeps the connection's short timeout.
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            timeout.setString(1, writeStatementTimeout);
            timeout.execute();
        }
        if (!updates.isEmpty()) {
            long start = System.nanoTime();
            result = writer.write(connection, updates);
            long written = System.nanoTime();
            writeTime.record(written - start, TimeUnit.NANOSECONDS);
            aggregates.attach(result.tripPoints());
            aggregatesTime.record(System.nanoTime() - written, TimeUnit.NANOSECONDS);
        }
        long offsetsStart = System.nanoTime();
        offsets.commit(nextOffsets);
        offsetsTime.record(System.nanoTime() - offsetsStart, TimeUnit.NANOSECONDS);
        written.increment(result.inserted());
        duplicates.increment(updates.size() - result.inserted());
    }
}
