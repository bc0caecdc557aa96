package dev.ridehail.benchmark;

import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.UUID;

/** The {@code location_history} table of one path's database: counts and the acknowledged-versus-stored oracle. */
final class HistoryTable {

    private final PostgresServer server;

    private final String database;

    /**
     * One long-lived connection for the frequent counts: a new connection per poll would fork a PostgreSQL backend
     * each time and show up in the server CPU being measured.
     */
    private Connection counter;

    HistoryTable(PostgresServer server, String database) {
        this.server = server;
        this.database = database;
    }

    String database() {
        return database;
    }

    /**
     * Rows of one scenario (its riders share {@code riderPrefix}, so late arrivals from an earlier scenario's timed-out
     * requests are not counted), or -1 while the database cannot answer (outage).
     */
    synchronized long countOrMinusOne(String riderPrefix) {
        try {
            if (counter == null || counter.isClosed()) {
                counter = server.connect(database);
            }
            try (var statement = counter.prepareStatement(
                    "SELECT count(*) FROM location_history WHERE rider_id LIKE ?")) {
                statement.setString(1, riderPrefix + "%");
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
        catch (SQLException ex) {
            closeCounter();
            return -1;
        }
    }

    private void closeCounter() {
        try {
            if (counter != null) {
                counter.close();
            }
        }
        catch (SQLException ignored) {
            // broken anyway
        }
        counter = null;
    }

    void truncate() {
        execute("TRUNCATE location_history");
    }

    void execute(String sql) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Compares the acknowledged eventIds with the table: how many acknowledged updates are missing (lost), how many
     * rows repeat an eventId (duplicates), and the total row count.
     */
    CountCheck check(String riderPrefix, Collection<UUID> acked, long unacknowledged) {
        return check(riderPrefix, acked, unacknowledged, java.time.Duration.ZERO);
    }

    /**
     * Like {@link #check(String, Collection, long)}, but while acknowledged updates are missing keeps looking for up to
     * {@code patience}: a consumer may still be draining, and a row count alone cannot tell, because requests that
     * timed out on the client may have been stored too.
     */
    CountCheck check(String riderPrefix, Collection<UUID> acked, long unacknowledged, java.time.Duration patience) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE acked (event_id uuid PRIMARY KEY)");
            StringBuilder rows = new StringBuilder(acked.size() * 37);
            for (UUID id : acked) {
                rows.append(id).append('\n');
            }
            connection.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY acked FROM STDIN", new StringReader(rows.toString()));
            statement.execute("ANALYZE acked");
            long deadline = System.nanoTime() + patience.toNanos();
            long missing;
            while (true) {
                missing = single(statement, "SELECT count(*) FROM acked a WHERE NOT EXISTS "
                        + "(SELECT 1 FROM location_history h WHERE h.event_id = a.event_id)");
                if (missing == 0 || System.nanoTime() > deadline) {
                    break;
                }
                Sleeps.millis(1000);
            }
            String scenario = " FROM location_history WHERE rider_id LIKE '" + riderPrefix.replace("'", "") + "%'";
            long total = single(statement, "SELECT count(*)" + scenario);
            long distinct = single(statement, "SELECT count(DISTINCT event_id)" + scenario);
            return new CountCheck(acked.size(), unacknowledged, total, missing, total - distinct);
        }
        catch (SQLException | java.io.IOException ex) {
            throw new IllegalStateException("Count check on " + database + " failed: " + ex.getMessage(), ex);
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * @param acked updates answered 2xx
     * @param unacknowledged updates sent but not answered 2xx: timed out, connection lost, or refused. Any of them
     * may be stored: a 503 from ingest can follow a write the broker completed later, and a refused batch may have
     * had some of its records acknowledged (the contract says: retry with the same eventIds)
     * @param rows rows in the table
     * @param lost acknowledged updates not in the table
     * @param duplicates rows beyond the first per eventId
     */
    record CountCheck(long acked, long unacknowledged, long rows, long lost, long duplicates) {

        /**
         * rows == acked (plus at most the unacknowledged ones), nothing lost or doubled, and something
         * was acknowledged at all: a run in which every request failed proves nothing.
         */
        boolean passed() {
            return acked > 0 && lost == 0 && duplicates == 0 && rows >= acked && rows <= acked + unacknowledged;
        }
    }
}
