package dev.ridehail.trip.history;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryPartitionMaintenanceTests extends IntegrationTest {

    @Autowired
    HistoryPartitionMaintenance maintenance;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void shouldHaveCreatedDailyPartitionsFromTheRetentionWindowToAFewDaysAhead() {
        // the tests run with 3 days of retention and 3 days ahead
        assertThat(maintenance.existingDays()).containsAll(today.minusDays(3).datesUntil(today.plusDays(4)).toList());
    }

    @Test
    void shouldMoveRowsOutOfTheDefaultPartitionWhenCreatingTheirDay() {
        LocalDate day = today.plusDays(3);
        String partition = "location_history_p" + day.toString().replace("-", "");
        jdbc.sql("DROP TABLE IF EXISTS " + partition).update();
        String rider = uniqueRider("stray");
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                    INSERT INTO location_history (event_id, rider_id, lat, lon, recorded_at, received_at)
                    VALUES (?, ?, 1, 1, ?, ?)
                    """)
                .params(UUID.randomUUID(), rider, day.atTime(10, i).atOffset(ZoneOffset.UTC),
                        day.atTime(10, i).atOffset(ZoneOffset.UTC))
                .update();
        }
        assertThat(count("location_history_default", rider)).isEqualTo(3);

        assertThat(maintenance.maintain()).containsExactly(day);

        assertThat(count("location_history_default", rider)).isZero();
        assertThat(count(partition, rider)).isEqualTo(3);
        assertThat(historyRows(rider)).isEqualTo(3);
    }

    @Test
    void shouldDropPartitionsOlderThanTheRetentionWindow() {
        LocalDate old = today.minusDays(40);
        String partition = "location_history_p" + old.toString().replace("-", "");
        jdbc.sql("CREATE TABLE IF NOT EXISTS " + partition + " PARTITION OF location_history FOR VALUES FROM ('" + old
                + "T00:00:00Z') TO ('" + old.plusDays(1) + "T00:00:00Z')").update();
        assertThat(maintenance.existingDays()).contains(old);

        maintenance.maintain();

        assertThat(maintenance.existingDays()).doesNotContain(old).contains(today.minusDays(3));
    }

    private long count(String table, String rider) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE rider_id = ?").param(rider).query(Long.class).single();
    }
}
