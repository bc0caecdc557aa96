package dev.ridehail.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written instant readers and writer against java.time, which ingest and the consumers used before. */
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

    /** Moved here from ingest's LocationUpdateParserParityTests with the fast path it checks. */
    @Test
    void shouldReadCommonInstantsExactlyAsInstantParse() {
        List<String> texts = new ArrayList<>(List.of("2026-11-25T16:00:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z",
                "2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-25T24:00:00Z",
                "2026-11-25T23:59:60Z", "2026-12-31T23:59:60Z", "2026-11-25T16:00:00.Z", "2026-11-25T16:00:00xZ",
                "2026-11-25T16:00:00.1234567890Z", "2026-11-25t16:00:00z", "2026-11-25T16:00:00+00:00",
                "2026-00-25T16:00:00Z", "2026-13-25T16:00:00Z", "2026-11-00T16:00:00Z", "2026-11-25T16:60:00Z",
                "+2026-11-25T16:00:00Z", "-2026-11-25T16:00:00Z", "2026-11-25 16:00:00Z", "2026-1-25T16:00:00Z",
                "2026-11-25T16:00:0aZ", "2026-11-25T16:00:00.12a4Z", "2026-11-25T16:00:00.-1Z",
                "\u0662026-11-25T16:00:00Z"));
        Random random = new Random(20261125);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            String text = instant.toString();
            texts.add(text);
            int digits = random.nextInt(10);
            String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
            texts.add(text.substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z");
            char[] chars = texts.getLast().toCharArray();
            chars[random.nextInt(chars.length)] = "0123456789:-.TZ+x".charAt(random.nextInt(17));
            texts.add(new String(chars));
        }
        for (String text : texts) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            }
            catch (DateTimeParseException ex) {
                expected = null;
            }
            char[] padded = ("ab" + text + "cd").toCharArray();
            Instant actual = InstantText.commonForm(padded, 2, text.length());
            if (actual != null) {
                assertThat(actual).as(text).isEqualTo(expected);
            }
            else if (text.length() >= 20 && text.length() <= 30 && text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:"
                    + "[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z") && expected != null && !text.startsWith("24", 11)) {
                throw new AssertionError("the common form was left to Instant.parse: " + text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T16:00:00Z", "2026-11-25T23:59:60Z", "2026-11-25T24:00:00Z",
            "2026-11-25T16:00:00+02:00", "2026-11-25t16:00:00z", "2026-02-30T16:00:00Z", "yesterday", "" })
    void shouldReadRequestInstantsExactlyAsInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            expected = null;
        }
        char[] padded = ("ab" + text + "cd").toCharArray();

        assertThat(InstantText.isoInstant(padded, 2, text.length())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.100Z", "2026-11-25T10:15:30.000000001Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z" })
    void shouldFormatAsInstantToString(String text) {
        Instant instant = Instant.parse(text);
        char[] buffer = new char[InstantText.MAX_FORMATTED_LENGTH];

        assertThat(new String(buffer, 0, InstantText.format(instant, buffer))).isEqualTo(instant.toString());
    }

    @Test
    void shouldFormatTheFirstAndLastInstantAsInstantToString() {
        for (Instant instant : List.of(Instant.MIN, Instant.MAX)) {
            char[] buffer = new char[InstantText.MAX_FORMATTED_LENGTH];

            assertThat(new String(buffer, 0, InstantText.format(instant, buffer))).isEqualTo(instant.toString());
        }
    }

    private static Instant parse(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return InstantText.rfc3339(padded, 2, text.length());
    }
}
