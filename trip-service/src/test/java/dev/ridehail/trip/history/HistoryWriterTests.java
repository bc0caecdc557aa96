package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.trip.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class HistoryWriterTests extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    static Stream<Arguments> writers() {
        return Stream.of(argumentSet("binary COPY, staging + INSERT ... SELECT on a duplicate",
                new CopyHistoryWriter(new SimpleMeterRegistry())),
                argumentSet("multi-row INSERT, chunks of 2 rows", new MultiRowInsertHistoryWriter(2)));
    }

    private HistoryWriter.Result write(HistoryWriter writer, List<LocationUpdateEvent> updates) {
        return transactions.execute(status -> {
            try {
                return writer.write(DataSourceUtils.getConnection(dataSource), updates);
            }
            catch (java.sql.SQLException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("writers")
    void shouldStoreEveryFieldOnceAndReportTheInsertedTripPoints(HistoryWriter writer) {
        String rider = uniqueRider("writer");
        UUID tripId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
        LocationUpdateEvent onTrip = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1.25, -2.5, 3.5, 270.25, 12.0,
                at, at.plusMillis(100));
        LocationUpdateEvent bare = new LocationUpdateEvent(1, UUID.randomUUID(), rider, null, -33.8688, 151.2093, null, null,
                null, at.plusSeconds(1), at.plusSeconds(2));
        LocationUpdateEvent third = new LocationUpdateEvent(1, UUID.randomUUID(), rider, null, 0.1, 0.2, 1e-5, 0.0, 0.0,
                at.plusSeconds(2), at.plusSeconds(3));

        HistoryWriter.Result first = write(writer, List.of(onTrip, bare, third));
        HistoryWriter.Result again = write(writer, List.of(bare, onTrip, third, bare));

        assertThat(first.inserted()).isEqualTo(3);
        assertThat(first.tripPoints()).singleElement().satisfies(p -> {
            assertThat(p.tripId()).isEqualTo(tripId);
            assertThat(p.eventId()).isEqualTo(onTrip.eventId());
            assertThat(p.recordedAt()).isEqualTo(at);
        });
        assertThat(again.inserted()).isZero();
        assertThat(again.tripPoints()).isEmpty();
        List<LocationUpdateEvent> stored = jdbc.sql("""
                SELECT event_id, rider_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at
                  FROM location_history WHERE rider_id = ? ORDER BY recorded_at
                """)
            .param(rider)
            .query((rs, n) -> new LocationUpdateEvent(1, rs.getObject(1, UUID.class), rs.getString(2),
                    rs.getObject(3, UUID.class), rs.getDouble(4), rs.getDouble(5), real(rs.getObject(6)),
                    real(rs.getObject(7)), real(rs.getObject(8)), rs.getObject(9, OffsetDateTime.class).toInstant(),
                    rs.getObject(10, OffsetDateTime.class).toInstant()))
            .list();
        // speed, heading and accuracy are real (float4) columns: stored as the doubles narrowed to float
        assertThat(stored).containsExactly(asStored(onTrip), asStored(bare), asStored(third));
    }

    @ParameterizedTest
    @MethodSource("writers")
    void shouldInsertOnlyTheNewRowsOfABatchMixingNewStoredAndRepeatedEvents(HistoryWriter writer) {
        String rider = uniqueRider("mixed");
        UUID tripId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
        LocationUpdateEvent stored = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1, 2, null, null, null, at,
                at.plusMillis(1));
        LocationUpdateEvent fresh = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1.001, 2, null, null, null,
                at.plusSeconds(5), at.plusSeconds(5));
        LocationUpdateEvent repeated = new LocationUpdateEvent(1, UUID.randomUUID(), rider, null, 1.002, 2, null, null, null,
                at.plusSeconds(10), at.plusSeconds(10));
        write(writer, List.of(stored));

        HistoryWriter.Result result = write(writer, List.of(stored, fresh, repeated, repeated));

        assertThat(result.inserted()).isEqualTo(2);
        assertThat(result.tripPoints()).singleElement().satisfies(p -> assertThat(p.eventId()).isEqualTo(fresh.eventId()));
        assertThat(jdbc.sql("SELECT count(*) FROM location_history WHERE rider_id = ?").param(rider).query(Long.class)
            .single()).isEqualTo(3);
    }

    @Test
    void shouldWriteARepeatWithinOnePollWithoutTheStagingDetourAndAStoredOneThroughIt() {
        MeterRegistry meters = new SimpleMeterRegistry();
        CopyHistoryWriter writer = new CopyHistoryWriter(meters);
        String rider = uniqueRider("repeat");
        UUID tripId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
        LocationUpdateEvent original = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1, 2, null, null, null, at,
                at.plusMillis(1));
        LocationUpdateEvent other = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1.001, 2, null, null, null,
                at.plusSeconds(5), at.plusSeconds(5));
        // a client retry right behind its original: same eventId and recordedAt, a later receivedAt
        LocationUpdateEvent retry = new LocationUpdateEvent(1, original.eventId(), rider, tripId, 1, 2, null, null, null, at,
                at.plusSeconds(3));
        LocationUpdateEvent later = new LocationUpdateEvent(1, UUID.randomUUID(), rider, tripId, 1.002, 2, null, null, null,
                at.plusSeconds(10), at.plusSeconds(10));

        HistoryWriter.Result samePoll = write(writer, List.of(original, other, retry));
        double afterSamePoll = meters.get("trip.history.deduplicating.writes").counter().count();
        HistoryWriter.Result nextPoll = write(writer, List.of(retry, later));

        assertThat(samePoll.inserted()).isEqualTo(2);
        assertThat(samePoll.tripPoints()).extracting(p -> p.eventId()).containsExactly(original.eventId(), other.eventId());
        assertThat(afterSamePoll).isZero();
        assertThat(nextPoll.inserted()).isEqualTo(1);
        assertThat(nextPoll.tripPoints()).extracting(p -> p.eventId()).containsExactly(later.eventId());
        assertThat(meters.get("trip.history.deduplicating.writes").counter().count()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT received_at FROM location_history WHERE event_id = ?").param(original.eventId())
            .query(OffsetDateTime.class).single().toInstant()).isEqualTo(original.receivedAt());
        assertThat(jdbc.sql("SELECT count(*) FROM location_history WHERE rider_id = ?").param(rider).query(Long.class)
            .single()).isEqualTo(3);
    }

    private static LocationUpdateEvent asStored(LocationUpdateEvent u) {
        return new LocationUpdateEvent(u.schemaVersion(), u.eventId(), u.riderId(), u.tripId(), u.lat(), u.lon(),
                narrowed(u.speedMps()), narrowed(u.headingDeg()), narrowed(u.accuracyM()), u.recordedAt(),
                u.receivedAt());
    }

    private static Double narrowed(Double value) {
        return value == null ? null : (double) value.floatValue();
    }

    private static Double real(Object column) {
        return column == null ? null : ((Float) column).doubleValue();
    }
}
