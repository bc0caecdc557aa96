package dev.ridehail.offsets;

import dev.ridehail.contract.LocationUpdateEvent;

import java.sql.SQLException;
import java.util.List;

/**
 * What a consumer service does with one poll's valid updates: the only part of the consumer loop that differs
 * between services. Declaring a bean of this type switches the shared consumer on ({@link ConsumerAutoConfiguration}).
 *
 * <p>Called inside the batch transaction, before the batch's offsets are committed in it, so everything written
 * through the transaction's connection ({@code JdbcTemplate}, {@code JdbcClient}, {@code DataSourceUtils}) commits or
 * rolls back with the offsets. A batch can roll back after this returns (fenced by another consumer, or the commit
 * itself fails) and is then redelivered: count what was written in an after-commit callback, not here.
 */
public interface LocationBatchWriter {

    /**
     * @param updates the valid updates of one poll in partition-then-offset order; may be empty (the offsets of a poll
     *     of dead letters only are still committed)
     */
    void write(List<LocationUpdateEvent> updates) throws SQLException;
}
