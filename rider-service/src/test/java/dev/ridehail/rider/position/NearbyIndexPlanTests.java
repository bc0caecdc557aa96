package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The nearby query must be answered from the GiST index on earth_position, not by scanning every rider. */
@RiderIntegrationTest
class NearbyIndexPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void shouldUseTheGistIndexWhenManyRidersAreStored() {
        // 20,000 riders spread over ~55 x 55 km around (10.25, 10.25), an area no other test uses; enough rows that the
        // planner prefers the index on its own (no enable_seqscan tricks). The tests' 2 s statement timeout is meant for
        // the outage test, not for loading fixtures on a busy machine: lifted for this transaction only.
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL statement_timeout = '120s'").update();
            jdbc.sql("""
                INSERT INTO rider_positions (rider_id, lat, lon, earth_position, event_id, recorded_at, received_at)
                SELECT 'plan-' || i, 10 + (i % 141) * 0.0035, 10 + (i / 141) * 0.0035,
                       ll_to_earth(10 + (i % 141) * 0.0035, 10 + (i / 141) * 0.0035), gen_random_uuid(), now(), now()
                  FROM generate_series(1, 20000) AS i
                ON CONFLICT (rider_id) DO NOTHING
                """).update();
        });
        jdbc.sql("ANALYZE rider_positions").update();

        List<String> plan = jdbc.sql("EXPLAIN " + PositionQueries.NEARBY)
            .param("lat", 10.25)
            .param("lon", 10.25)
            .param("radius", 1000.0)
            .param("since", OffsetDateTime.ofInstant(Instant.now().minusSeconds(300), ZoneOffset.UTC))
            .param("status", null)
            .param("limit", 20)
            .query(String.class)
            .list();

        assertThat(String.join("\n", plan)).contains("rider_positions_earth_position_idx")
            .doesNotContain("Seq Scan on rider_positions");
    }
}
