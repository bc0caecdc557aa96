package dev.ridehail.trip.history;

import dev.ridehail.trip.TripProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps location_history's daily partitions (UTC days) ready: one per day from the retention window back to a few days
 * ahead, and drops whole partitions that fell out of the retention window. Runs at start-up and on a schedule; every
 * step is idempotent, so several instances running it at once only cost a failed, retried statement.
 *
 * <p>Rows that landed in the DEFAULT partition (a day that had no partition yet) are moved into the new day's
 * partition when it is created; otherwise PostgreSQL would refuse the new partition.
 */
@Component
class HistoryPartitionMaintenance implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HistoryPartitionMaintenance.class);

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private static final Pattern DAILY = Pattern.compile("location_history_p(\\d{8})");

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final TripProperties.History settings;

    private final Clock clock;

    HistoryPartitionMaintenance(JdbcClient jdbc, TransactionTemplate transactions, TripProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = properties.history();
        this.clock = Clock.systemUTC();
    }

    @Override
    public void run(ApplicationArguments args) {
        maintainQuietly();
    }

    @Scheduled(cron = "${trip.history.maintenance-cron}", zone = "UTC")
    void maintainQuietly() {
        try {
            maintain();
        }
        catch (RuntimeException ex) {
            // The DEFAULT partition keeps writes working meanwhile; the next run retries.
            log.warn("Partition maintenance failed, retrying at the next run: {}", ex.getMessage());
        }
    }

    /** Creates missing daily partitions and drops expired ones; returns the days created. */
    List<LocalDate> maintain() {
        LocalDate today = LocalDate.now(clock);
        LocalDate oldestKept = today.minusDays(settings.retentionDays());
        List<LocalDate> existing = existingDays();
        List<LocalDate> created = oldestKept.datesUntil(today.plusDays(settings.partitionsAheadDays() + 1))
            .filter(day -> !existing.contains(day))
            .toList();
        created.forEach(this::create);
        List<LocalDate> expired = existing.stream().filter(day -> day.isBefore(oldestKept)).toList();
        expired.forEach(day -> transactions.executeWithoutResult(status -> jdbc.sql("DROP TABLE IF EXISTS " + name(day)).update()));
        transactions.executeWithoutResult(status -> jdbc
            .sql("DELETE FROM location_history_default WHERE recorded_at < :cutoff")
            .param("cutoff", oldestKept.atStartOfDay().atOffset(ZoneOffset.UTC))
            .update());
        if (!created.isEmpty() || !expired.isEmpty()) {
            log.info("location_history partitions: created {}, dropped {} (retention {} days)", created.size(),
                    expired.size(), settings.retentionDays());
        }
        return created;
    }

    List<LocalDate> existingDays() {
        return jdbc.sql("""
                SELECT c.relname FROM pg_inherits i
                  JOIN pg_class c ON c.oid = i.inhrelid
                  JOIN pg_class p ON p.oid = i.inhparent
                 WHERE p.relname = 'location_history'
                """)
            .query(String.class)
            .list()
            .stream()
            .map(DAILY::matcher)
            .filter(Matcher::matches)
            .map(m -> LocalDate.parse(m.group(1), SUFFIX))
            .toList();
    }

    private void create(LocalDate day) {
        String table = name(day);
        String from = "'" + day + "T00:00:00Z'";
        String to = "'" + day.plusDays(1) + "T00:00:00Z'";
        transactions.executeWithoutResult(status -> {
            // Parent (and with it every partition) first, the order writers lock in, so the two cannot deadlock, and no
            // writer can add a row for this day to DEFAULT between the move and the attach. Held for milliseconds.
            jdbc.sql("LOCK TABLE location_history IN ACCESS EXCLUSIVE MODE").update();
            Boolean strays = jdbc.sql("SELECT EXISTS (SELECT 1 FROM location_history_default WHERE recorded_at >= "
                    + from + " AND recorded_at < " + to + ")").query(Boolean.class).single();
            if (!strays) {
                jdbc.sql("CREATE TABLE " + table + " PARTITION OF location_history FOR VALUES FROM (" + from + ") TO ("
                        + to + ")").update();
                return;
            }
            jdbc.sql("CREATE TABLE " + table + " (LIKE location_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)").update();
            int moved = jdbc.sql("WITH moved AS (DELETE FROM location_history_default WHERE recorded_at >= " + from
                    + " AND recorded_at < " + to + " RETURNING *) INSERT INTO " + table + " SELECT * FROM moved").update();
            jdbc.sql("ALTER TABLE location_history ATTACH PARTITION " + table + " FOR VALUES FROM (" + from + ") TO ("
                    + to + ")").update();
            log.info("Moved {} rows for {} out of the DEFAULT partition", moved, day);
        });
    }

    private static String name(LocalDate day) {
        return "location_history_p" + SUFFIX.format(day);
    }
}
