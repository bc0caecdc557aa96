package dev.ridehail.faults.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Counts, after the consumers caught up, what the history table holds against what the client sent: acknowledged
 * updates missing (lost), rows beyond one per eventId (duplicates), rows nobody sent (unexpected), and riders whose
 * stored order differs from the order they were sent in.
 */
public final class Oracle {

    private final Supplier<Connection> connections;

    private final String table;

    /**
     * @param connections opens a connection to the consumer's database
     * @param table the history table, with columns {@code event_id}, {@code rider_id} and {@code recorded_at}
     */
    public Oracle(Supplier<Connection> connections, String table) {
        if (!table.matches("[a-z_][a-z0-9_.]*")) {
            throw new IllegalArgumentException("Not a plain table name: " + table);
        }
        this.connections = connections;
        this.table = table;
    }

    public Verdict judge(Collection<SentUpdate> sentUpdates) {
        Map<UUID, SentUpdate> sent = new HashMap<>();
        for (SentUpdate update : sentUpdates) {
            // A retried update shares its eventId: the best outcome the client saw is what counts.
            sent.merge(update.eventId(), update, (a, b) -> a.outcome().compareTo(b.outcome()) <= 0 ? a : b);
        }
        long acked = sent.values().stream().filter(u -> u.outcome() == Outcome.ACKED).count();
        long refused = sent.values().stream().filter(u -> u.outcome() == Outcome.REFUSED).count();
        long unknown = sent.values().stream().filter(u -> u.outcome() == Outcome.UNKNOWN).count();

        Map<String, List<StoredRow>> storedByRider = new HashMap<>();
        Set<UUID> stored = new HashSet<>();
        long rows = 0;
        long unexpected = 0;
        try (Connection connection = connections.get();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT event_id, rider_id, recorded_at FROM " + table)) {
            // Stream the rows instead of loading a million of them at once.
            connection.setAutoCommit(false);
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    UUID eventId = rs.getObject(1, UUID.class);
                    stored.add(eventId);
                    SentUpdate update = sent.get(eventId);
                    if (update == null) {
                        unexpected++;
                        continue;
                    }
                    storedByRider.computeIfAbsent(rs.getString(2), rider -> new ArrayList<>())
                        .add(new StoredRow(rs.getTimestamp(3).toInstant().toEpochMilli(),
                                rs.getTimestamp(3).getNanos(), update.sequence()));
                }
            }
            connection.commit();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read " + table, ex);
        }

        List<UUID> sampleLost = new ArrayList<>();
        long lost = 0;
        for (SentUpdate update : sent.values()) {
            if (update.outcome() == Outcome.ACKED && !stored.contains(update.eventId())) {
                lost++;
                if (sampleLost.size() < 5) {
                    sampleLost.add(update.eventId());
                }
            }
        }
        long outOfOrder = storedByRider.values().stream().filter(Oracle::outOfOrder).count();
        return new Verdict(sent.size(), acked, refused, unknown, rows, stored.size(), lost, rows - stored.size(),
                unexpected, outOfOrder, List.copyOf(sampleLost));
    }

    // Sorted by recorded_at the stored rows must come in send order (duplicates of one update sit side by side).
    private static boolean outOfOrder(List<StoredRow> rows) {
        rows.sort(Comparator.comparingLong(StoredRow::millis).thenComparingInt(StoredRow::nanos)
            .thenComparingLong(StoredRow::sequence));
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).sequence() < rows.get(i - 1).sequence()) {
                return true;
            }
        }
        return false;
    }

    private record StoredRow(long millis, int nanos, long sequence) {
    }
}
