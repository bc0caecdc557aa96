package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.offsets.ConsumerMetrics;
import dev.ridehail.offsets.LocationBatchWriter;
import dev.ridehail.trip.trip.TripAggregates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What trip-service does with a poll (kafka-db-offsets runs the loop and commits the offsets in the same transaction):
 * appends every update to the location history and updates the aggregates of the trips the new points belong to.
 */
@Component
class HistoryBatchWriter implements LocationBatchWriter {

    private final DataSource dataSource;

    private final HistoryWriter writer;

    private final TripAggregates aggregates;

    private final Counter written;

    private final Counter duplicates;

    private final Timer writeTime;

    private final Timer aggregatesTime;

    HistoryBatchWriter(DataSource dataSource, HistoryWriter writer, TripAggregates aggregates, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.aggregates = aggregates;
        this.written = Counter.builder("trip.history.rows.written")
            .description("Location updates appended to location_history")
            .register(meters);
        this.duplicates = Counter.builder("trip.history.duplicates.skipped")
            .description("Location updates whose eventId was already stored")
            .register(meters);
        this.writeTime = ConsumerMetrics.batchPhase(meters, "history-write");
        this.aggregatesTime = ConsumerMetrics.batchPhase(meters, "trip-aggregates");
    }

    @Override
    public void write(List<LocationUpdateEvent> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        // The transaction's own connection, so the bulk write commits or rolls back with the offsets.
        Connection connection = DataSourceUtils.getConnection(dataSource);
        long start = System.nanoTime();
        HistoryWriter.Result result = writer.write(connection, updates);
        long historyWritten = System.nanoTime();
        writeTime.record(historyWritten - start, TimeUnit.NANOSECONDS);
        aggregates.attach(result.tripPoints());
        aggregatesTime.record(System.nanoTime() - historyWritten, TimeUnit.NANOSECONDS);
        int inserted = result.inserted();
        // Counted once the rows are committed: a fenced or failed batch is redelivered and counted then.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                written.increment(inserted);
                duplicates.increment(updates.size() - inserted);
            }
        });
    }
}
