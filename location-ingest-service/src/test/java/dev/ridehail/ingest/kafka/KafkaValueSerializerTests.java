package dev.ridehail.ingest.kafka;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka side of the record value (the bytes are the contract's, tested in LocationUpdateEventSerializerTests):
 * as the databind serializer it replaced, no type headers and null stays null.
 */
class KafkaValueSerializerTests {

    private static final String TOPIC = "rider-updates";

    private static final LocationUpdateEvent EVENT = new LocationUpdateEvent(1,
            UUID.fromString("0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10"), "r", null, 1, 2, null, null, null,
            Instant.parse("2026-11-25T10:15:30.123Z"), Instant.parse("2026-11-25T10:15:30.456Z"));

    private final Serializer<LocationUpdateEvent> serializer = KafkaConfiguration.valueSerializer();

    private final JacksonJsonSerializer<LocationUpdateEvent> databind = new JacksonJsonSerializer<LocationUpdateEvent>(
            JsonMapper.builder().build())
        .noTypeInfo();

    @Test
    void shouldSerializeNullAsNull() {
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(databind.serialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldAddNoHeaders() {
        RecordHeaders headers = new RecordHeaders();

        serializer.serialize(TOPIC, headers, EVENT);

        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void shouldWriteTheContractsBytes() {
        assertThat(serializer.serialize(TOPIC, EVENT)).isEqualTo(new LocationUpdateEventSerializer().serialize(EVENT));
    }
}
