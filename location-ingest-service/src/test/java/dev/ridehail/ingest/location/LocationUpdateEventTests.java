package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventSerializer;
import dev.ridehail.testing.LocationUpdateSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's record as ingest builds it from a request and writes it to the topic. */
class LocationUpdateEventTests {

    private final LocationUpdateEventSerializer serializer = new LocationUpdateEventSerializer();

    @Test
    void shouldMatchTheContractWhenEveryFieldIsSet() {
        LocationUpdateEvent event = new LocationUpdateEvent(1, UUID.randomUUID(), "rider-1", UUID.randomUUID(), -90,
                180, 100.0, 359.99, 0.0, Instant.parse("2026-11-25T16:00:00.123Z"), Instant.now());

        assertThat(LocationUpdateSchema.violations(json(event))).isEmpty();
    }

    @Test
    void shouldMatchTheContractAndOmitOptionalFieldsWhenTheyAreAbsent() {
        // no riderId in the request: the record names the rider the caller was admitted as
        LocationUpdateRequest request = new LocationUpdateRequest(null, null, null, 0, 0, null, null, null,
                Instant.now());

        String json = json(request.toEvent("r", Instant.now()));

        assertThat(LocationUpdateSchema.violations(json)).isEmpty();
        assertThat(json).doesNotContain("tripId", "speedMps", "null").contains("\"schemaVersion\":1", "eventId",
                "\"riderId\":\"r\"");
    }

    @Test
    void shouldHaveExactlyTheFieldsTheContractDefines() {
        List<String> schemaFields = new ArrayList<>();
        LocationUpdateSchema.document().get("properties").fieldNames().forEachRemaining(schemaFields::add);
        List<String> recordFields = Arrays.stream(LocationUpdateEvent.class.getRecordComponents())
            .map((component) -> component.getName())
            .toList();

        assertThat(recordFields).containsExactlyInAnyOrderElementsOf(schemaFields);
    }

    private String json(LocationUpdateEvent event) {
        return new String(serializer.serialize(event), UTF_8);
    }
}
