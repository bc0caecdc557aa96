package dev.ridehail.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written RFC 3339 reader against java.time, which the consumers used before. */
class InstantTextTests {

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.1Z", "2026-11-25T10:15:30.123456789Z",
            "2026-11-25t10:15:30z", "2024-02-29T23:59:59.999+01:00", "2000-03-01T00:00:00-18:00",
            "2099-12-31T23:59:59+18:00", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "2026-06-30T12:00:00-00:30" })
    void shouldReadWhatOffsetDateTimeReads(String text) {
        assertThat(parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "2026-11-25", "2026-11-25T10:15Z", "2026-11-25T10:15:30", "2026-11-25T10:15:30.Z",
            "2026-11-25T10:15:30.1234567890Z", "2026-11-25T10:15:30+0200", "2026-11-25T10:15:30+02",
            "2026-11-25T10:15:30+02:00:00", "2026-11-25T10:15:30+19:00", "2026-11-25T10:15:30+02:60",
            "2026-11-25 10:15:30Z", "2026/11/25T10:15:30Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-04-31T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-11-00T00:00:00Z",
            "2026-11-25T24:00:00Z", "2026-11-25T23:60:00Z", "2026-11-25T23:59:60Z", "+2026-11-25T10:15:30Z",
            "2026-11-25T10:15:30ZZ", "2026-11-25T10:15:30Z ", "２０２６-11-25T10:15:30Z", "2026-11-25T10:15:30UTC" })
    void shouldRefuseWhatRfc3339Refuses(String text) {
        assertThat(parse(text)).isNull();
    }

    @Test
    void shouldAgreeWithOffsetDateTimeOnRandomInstants() {
        DateTimeFormatter rfc3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 5_000_000_000L),
                    random.nextInt(1_000_000_000));
            String text = instant.atOffset(ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 900))
                .format(rfc3339);
            assertThat(parse(text)).as(text).isEqualTo(instant);
        }
    }

    private static Instant parse(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return InstantText.parse(padded, 2, text.length());
    }
}
