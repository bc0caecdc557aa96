package dev.ridehail.ingest.location;

import dev.ridehail.ingest.IngestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming parser must answer every body exactly as the tree-based parser it replaced: same value, or the same
 * exception type, message and errors. The old parser is kept below as the reference, unchanged but for one rule of
 * issue 14: an absent riderId is no longer an error (the controller takes the token's rider).
 */
class LocationUpdateParserParityTests {

    static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Small limits, so that generated bodies reach them often. */
    static final IngestProperties PROPERTIES = new IngestProperties(
            new IngestProperties.Publish(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new IngestProperties.Limits(DataSize.ofKilobytes(64), DataSize.ofMegabytes(1), 6, 10),
            new IngestProperties.Validation(Duration.ofSeconds(60), Duration.ofHours(24)),
            new IngestProperties.Health(Duration.ofMillis(750)));

    static final int BODIES = 6_000;

    final LocationUpdateParser parser = new LocationUpdateParser(PROPERTIES, CLOCK);

    final TreeReferenceParser reference = new TreeReferenceParser(PROPERTIES, CLOCK);

    final Random random = new Random(20261125L);

    @Test
    void shouldAnswerEveryGeneratedBodyExactlyAsTheTreeParserDid() {
        int accepted = 0;
        int invalid = 0;
        int malformed = 0;
        for (int i = 0; i < BODIES; i++) {
            byte[] body = body();
            for (boolean batch : new boolean[] { false, true }) {
                Outcome expected = outcome(() -> batch ? reference.batch(body) : reference.single(body));
                Outcome actual = outcome(() -> batch ? parser.batch(body) : parser.single(body));
                assertThat(actual).as("%s of %s", batch ? "batch" : "single", show(body)).isEqualTo(expected);
                switch (expected.kind()) {
                    case "ok" -> accepted++;
                    case "InvalidLocationUpdateException" -> invalid++;
                    case "MalformedBodyException" -> malformed++;
                    default -> {
                    }
                }
            }
        }
        // the generator must reach every kind of answer, not just one
        assertThat(accepted).isGreaterThan(BODIES / 20);
        assertThat(invalid).isGreaterThan(BODIES / 5);
        assertThat(malformed).isGreaterThan(BODIES / 5);
    }

    @Test
    void shouldAnswerHandPickedEdgeCasesExactlyAsTheTreeParserDid() {
        String ok = "{\"riderId\":\"r\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25T15:59:00Z\"}";
        List<String> bodies = List.of("", " ", "\n\t ", "null", "[]", "{}", "1", "\"x\"", "true", ok, ok + " ",
                ok + " {}", ok + "\n\n  x", ok + "]", "{\"updates\":[" + ok + "]}", "{\"updates\":[" + ok + "]} 1",
                "\uFEFF" + ok, "\uFEFF{\"updates\":[" + ok + "]}", "\u0000" + ok, " \u0000" + ok, "{\"lat\":NaN}",
                "{\"lat\":Infinity}", "{\"lat\":-Infinity}", "{\"lat\":1,\"lat\":2}", "{\"a\":{\"b\":1,\"b\":2}}",
                "{\"riderId\":\"r\u00e9\u00e9\",\"x\":tru}", "{\"riderId\":\"\u00e9\u00e9\", x}",
                "{\"r\u00e9\":\"\uD834\uDD1E\uD834\uDD1E\", \"a\":fals}", "{\"\uD834\uDD1E\":1,\"\uD834\uDD1E\":2}",
                "{\"a\":\"\u00e9\"\n,\"b\":\"\u00e9\u00e9\" \"c\"}", "\r\n{\"a\":1\r\n,\"a\":2}",
                "{\"lat\":" + "1".repeat(1001) + "}", "{\"x\":" + "1".repeat(1001) + "}",
                "{\"x\":1." + "1".repeat(1001) + "}", "{\"x\":1" + "0".repeat(400) + "}",
                "{\"x\":\"" + "\u00e9".repeat(30_000) + "\"}", "{\"" + "\u00e9".repeat(20_000) + "\":1}",
                "{\"" + "a".repeat(50_001) + "\":1}", "{\"lat\":1e999,\"lon\":-1e999}", "{\"lat\":-0,\"lon\":-0.0}",
                "{\"lat\":90.000000000000001,\"lon\":180.0000000000001}", "{\"lat\":9e1,\"lon\":1E2}",
                "{\"riderId\":\"\\u0041b\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25T15:59:00+01:00\"}",
                "{\"riderId\":\"\\u0041b\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25T15:00:00-01:00\"}",
                "{\"riderId\":\"r\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25t15:59:00z\"}",
                "{\"riderId\":\"r\",\"lat\":1,\"lon\":2,\"recordedAt\":\"+2026-11-25T15:59:00Z\"}",
                "{\"riderId\":\"r\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25T15:59:00.123456789Z\"}",
                "{\"riderId\":\"r\",\"lat\":1,\"lon\":2,\"recordedAt\":\"2026-11-25T15:59:60Z\"}",
                "{\"updates\":[1,null,[],{}],\"updates2\":1}", "{\"updates\":{}}", "{\"updates\":\"x\"}",
                "{\"updates\":null}", "{\"updates\":[" + (ok + ",").repeat(6) + ok + "]}",
                "[".repeat(10) + "]".repeat(10), "[".repeat(11) + "]".repeat(11), "[".repeat(5000),
                "{\"a\":".repeat(10) + "1" + "}".repeat(10), "{\"a\":".repeat(11) + "1" + "}".repeat(11),
                "{\"updates\":[" + "[".repeat(9) + "]".repeat(9) + "]}",
                "{\"updates\":[" + "[".repeat(10) + "]".repeat(10) + "]}",
                "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "// c\n{}", "/* c */{}", "# c\n{}", "01", "{\"x\":01}",
                "{\"x\":+1}", "{\"x\":.5}", "{\"x\":1.}", "{\"x\":1e}", "{\"x\":\"\t\"}", "{\"x\":\"\\q\"}",
                "{\"x\":\"\\ud800\"}", "\"\\ud83d\\ude00\"", "{\"riderId\":\"\\ud83d\\ude00\"}",
                "{\"updates\":[],\"x\":1,\"x\":2}", "{\"updates\":[],\"updates\":[]}",
                "{\"receivedAt\":1,\"receivedAt\":1}",
                "{\"updates\":[{\"a\":[{\"b\":1},{\"b\":1,\"c\":{\"b\":1}}],\"d\":[{\"e\":1,\"e\":2}]}]}",
                "{\"updates\":[{\"lat\":1,\"lat\":1}]} x", "[{\"a\":1},{\"a\":1,\"a\":1}]",
                "{\"\":1,\"\":2}", "{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":1,\"b\":{}},\"b\":0}");
        for (String text : bodies) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertSame(body);
        }
        for (byte[] body : List.of(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, new byte[] { 0 },
                new byte[] { 0, '{', 0, '}' }, new byte[] { '{', 0, '}', 0 }, new byte[] { 0, 0, 0, '1' },
                new byte[] { '1', 0 }, new byte[] { (byte) 0xC3 }, new byte[] { '"', (byte) 0xC3, '"' },
                new byte[] { '{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}' },
                new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' },
                new byte[] { '{', 'x', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
                new byte[] { '{', '}', ' ', (byte) 0xFF }, new byte[] { (byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}' })) {
            assertSame(body);
        }
    }

    @Test
    void shouldJudgeUtf8ExactlyAsAReportingDecoder() {
        for (int a = 0; a < 256; a++) {
            assertUtf8(new byte[] { (byte) a });
            for (int b = 0; b < 256; b++) {
                assertUtf8(new byte[] { (byte) a, (byte) b });
            }
        }
        int[] tails = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
        for (int a = 0xC0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    assertUtf8(new byte[] { (byte) a, (byte) b, (byte) c });
                    assertUtf8(new byte[] { (byte) a, (byte) b, (byte) c, (byte) 0x80 });
                    assertUtf8(new byte[] { (byte) a, (byte) b, (byte) 0x80, (byte) c });
                    assertUtf8(new byte[] { '{', (byte) a, (byte) b, (byte) c, (byte) 0x80, '}' });
                }
            }
        }
        byte[] alphabet = { 'a', '{', (byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED,
                (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xA0, (byte) 0x90, (byte) 0x8F };
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = alphabet[random.nextInt(alphabet.length)];
            }
            assertUtf8(bytes);
        }
    }

    @Test
    void shouldAnswer422WhereTheTreeParserFailedWithAnInternalErrorOnAnIntegerBeyondDoubleRange() {
        // The tree parser's BigIntegerNode.asDouble() threw a JsonNodeException (an answer 500) for integers whose
        // magnitude exceeds Double.MAX_VALUE in a number field; they are now out of range like 1e999.
        String huge = "1" + "0".repeat(400);
        byte[] body = ("{\"riderId\":\"r\",\"lat\":" + huge + ",\"lon\":2,\"recordedAt\":\"2026-11-25T15:59:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> reference.single(body)).kind()).isEqualTo("JsonNodeException");
        Outcome actual = outcome(() -> parser.single(body));
        assertThat(actual.kind()).isEqualTo("InvalidLocationUpdateException");
        assertThat(actual.errors()).containsExactly(FieldError.of("lat", "must be a finite number from -90 to 90"));
    }

    private void assertUtf8(byte[] bytes) {
        boolean expected;
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            expected = true;
        }
        catch (CharacterCodingException ex) {
            expected = false;
        }
        assertThat(StrictUtf8.isWellFormed(bytes)).as(HexFormat.ofDelimiter(" ").formatHex(bytes)).isEqualTo(expected);
    }

    private void assertSame(byte[] body) {
        for (boolean batch : new boolean[] { false, true }) {
            Outcome expected = outcome(() -> batch ? reference.batch(body) : reference.single(body));
            Outcome actual = outcome(() -> batch ? parser.batch(body) : parser.single(body));
            assertThat(actual).as("%s of %s", batch ? "batch" : "single", show(body)).isEqualTo(expected);
        }
    }

    /** What a parse call did: its value, or its exception's type, message and errors. */
    record Outcome(String kind, Object value, String message, List<FieldError> errors) {
    }

    private static Outcome outcome(java.util.function.Supplier<Object> call) {
        try {
            return new Outcome("ok", call.get(), null, null);
        }
        catch (InvalidLocationUpdateException ex) {
            return new Outcome(ex.getClass().getSimpleName(), null, ex.getMessage(), ex.errors());
        }
        catch (RuntimeException ex) {
            return new Outcome(ex.getClass().getSimpleName(), null, ex.getMessage(), null);
        }
    }

    private static String show(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return (text.length() > 400 ? text.substring(0, 400) + "..." : text) + " [hex "
                + HexFormat.of().formatHex(body, 0, Math.min(body.length, 64)) + "]";
    }

    // ---------------------------------------------------------------------------------------------- generation

    private byte[] body() {
        String json = switch (random.nextInt(10)) {
            case 0, 1, 2 -> item();
            case 3, 4, 5, 6 -> batchBody();
            case 7 -> anyValue(true);
            case 8 -> nested(random.nextInt(14) + 1, item());
            default -> random.nextBoolean() ? item() : batchBody();
        };
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return random.nextInt(100) < 30 ? corrupt(bytes) : bytes;
    }

    private String batchBody() {
        List<String> items = new ArrayList<>();
        int count = random.nextInt(100) < 10 ? 7 + random.nextInt(3) : random.nextInt(6);
        boolean clean = random.nextInt(100) < 30;
        for (int i = 0; i < count; i++) {
            items.add(clean ? validItem() : switch (random.nextInt(12)) {
                case 0 -> anyValue(false);
                case 1 -> nested(random.nextInt(10) + 1, item());
                default -> item();
            });
        }
        String array = "[" + ws() + String.join(separator(), items) + ws() + "]";
        List<String> members = new ArrayList<>();
        switch (clean ? 2 : random.nextInt(12)) {
            case 0 -> {
            }
            case 1 -> members.add("\"updates\":" + anyValue(false));
            default -> members.add("\"updates\":" + ws() + array);
        }
        if (!clean && random.nextInt(6) == 0) {
            members.add(quote(fieldName()) + ":" + anyValue(false));
        }
        if (!clean && random.nextInt(30) == 0) {
            members.add("\"updates\":[]");
        }
        Collections.shuffle(members, random);
        return "{" + ws() + String.join(separator(), members) + ws() + "}";
    }

    /** A valid update, with optional fields present, null or absent. */
    private String validItem() {
        UUID eventId = new UUID(random.nextLong(), random.nextLong());
        List<String> members = new ArrayList<>();
        members.add("\"riderId\":" + quote("rider-" + random.nextInt(1000)));
        members.add("\"lat\":" + (random.nextBoolean() ? Double.toString(random.nextDouble() * 180 - 90)
                : Integer.toString(random.nextInt(181) - 90)));
        members.add("\"lon\":" + Double.toString(random.nextDouble() * 360 - 180));
        members.add("\"recordedAt\":" + quote(NOW.minusMillis(random.nextInt(86_000_000)).toString()));
        String[] optional = { "\"eventId\":" + quote(eventId.toString()), "\"tripId\":null",
                "\"tripId\":" + quote(eventId.toString().toUpperCase()), "\"speedMps\":" + random.nextInt(101),
                "\"headingDeg\":" + random.nextDouble() * 360, "\"accuracyM\":" + random.nextDouble() * 10_000,
                "\"speedMps\":null" };
        for (String member : optional) {
            if (random.nextBoolean()) {
                members.add(member);
            }
        }
        Collections.shuffle(members, random);
        return "{" + ws() + String.join(separator(), members) + ws() + "}";
    }

    /** An update whose fields are each valid, invalid, missing, or joined by unknown ones. */
    private String item() {
        if (random.nextInt(100) < 35) {
            return validItem();
        }
        List<String> members = new ArrayList<>();
        member(members, "eventId", this::uuidValue);
        member(members, "riderId", this::riderIdValue);
        member(members, "tripId", this::uuidValue);
        member(members, "lat", () -> numberValue(90));
        member(members, "lon", () -> numberValue(180));
        member(members, "speedMps", () -> numberValue(100));
        member(members, "headingDeg", () -> numberValue(360));
        member(members, "accuracyM", () -> numberValue(10_000));
        member(members, "recordedAt", this::instantValue);
        int extras = random.nextInt(100) < 25 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < extras; i++) {
            members.add(quote(fieldName()) + ":" + ws() + anyValue(false));
        }
        if (random.nextInt(40) == 0 && !members.isEmpty()) {
            members.add(members.get(random.nextInt(members.size())));
        }
        if (random.nextInt(3) == 0) {
            Collections.shuffle(members, random);
        }
        return "{" + ws() + String.join(separator(), members) + ws() + "}";
    }

    private void member(List<String> members, String name, java.util.function.Supplier<String> value) {
        if (random.nextInt(10) != 0) {
            members.add(quote(name) + ":" + ws() + value.get());
        }
    }

    private String uuidValue() {
        UUID uuid = new UUID(random.nextLong(), random.nextLong());
        return switch (random.nextInt(16)) {
            case 0 -> "\"1-1-1-1-1\"";
            case 1 -> quote(uuid.toString().toUpperCase());
            case 2 -> quote(uuid.toString().replace('-', '_'));
            case 3 -> quote(uuid.toString().substring(1));
            case 4 -> quote(uuid + "0");
            case 5 -> quote(uuid.toString().replace(uuid.toString().charAt(20), 'g'));
            case 6 -> quote("{" + uuid + "}");
            case 7 -> anyValue(false);
            case 8 -> "null";
            default -> quote(uuid.toString());
        };
    }

    private String riderIdValue() {
        String alphabet = "ABCXYZabcxyz0189_-";
        StringBuilder id = new StringBuilder();
        int length = random.nextInt(100) < 10 ? 63 + random.nextInt(4) : 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return switch (random.nextInt(14)) {
            case 0 -> "\"\"";
            case 1 -> quote("rider 1");
            case 2 -> quote("r\u00efder");
            case 3 -> quote("\uD834\uDD1E");
            case 4 -> "\"\\u0041" + id + "\"";
            case 5 -> anyValue(false);
            case 6 -> "null";
            case 7 -> quote(id + "\n");
            default -> quote(id.toString());
        };
    }

    private String numberValue(int max) {
        return switch (random.nextInt(22)) {
            case 0 -> Integer.toString(max);
            case 1 -> Integer.toString(-max);
            case 2 -> max + ".0000001";
            case 3 -> "-0";
            case 4 -> "-0.0";
            case 5 -> "1e999";
            case 6 -> "-1e999";
            case 7 -> "1e-400";
            case 8 -> "12345678901234567890";
            case 9 -> "-12345678901";
            case 10 -> quote("12");
            case 11 -> "null";
            case 12 -> anyValue(false);
            case 13 -> (max / 10) + "e1";
            case 14 -> "1E+1";
            case 15 -> Double.toString(random.nextDouble() * 2 * max - max / 4.0);
            case 16 -> Integer.toString(random.nextInt(2 * max + 3) - 1);
            case 17 -> Double.toString(Math.nextUp((double) max));
            default -> Double.toString(random.nextDouble() * max);
        };
    }

    private String instantValue() {
        Instant instant = NOW.plusSeconds(random.nextInt(100) < 10 ? random.nextInt(200) - 100
                : -random.nextInt(90_000));
        return switch (random.nextInt(16)) {
            case 0 -> quote(NOW.plusSeconds(60).toString());
            case 1 -> quote(NOW.plusSeconds(61).toString());
            case 2 -> quote(NOW.minusSeconds(86_400).toString());
            case 3 -> quote(NOW.minusSeconds(86_401).toString());
            case 4 -> quote("yesterday");
            case 5 -> quote("2026-11-25T16:00:00");
            case 6 -> quote(instant.atOffset(ZoneOffset.ofHours(2)).toString());
            case 7 -> quote("2026-13-40T99:00:00Z");
            case 8 -> anyValue(false);
            case 9 -> "null";
            case 10 -> quote(instant.plusNanos(random.nextInt(1_000_000_000)).toString());
            default -> quote(instant.toString());
        };
    }

    private String fieldName() {
        return switch (random.nextInt(10)) {
            case 0 -> "receivedAt";
            case 1 -> "schemaVersion";
            case 2 -> "updates";
            case 3 -> "isAdmin";
            case 4 -> "";
            case 5 -> "na\u00efve";
            case 6 -> "\uD834\uDD1E";
            case 7 -> "eventid";
            default -> "x" + random.nextInt(1000);
        };
    }

    /** Any JSON value, including the awkward ones. */
    private String anyValue(boolean root) {
        List<String> values = List.of("null", "true", "false", "[]", "{}", "1e999", "-1e999", "0", "-0",
                "123456789012345678901234567890", "1.7976931348623157E309", "\"\"", "\"\\u0000\"", "\"\\ud800\"",
                "[1,2]", "{\"a\":{\"b\":[]}}", "{\"a\":{\"b\":1,\"b\":2}}", "\"2026-13-40T99:00:00Z\"",
                "\"" + "x".repeat(1000) + "\"", "\"caf\u00e9 \uD834\uDD1E\"", "[\"\u00e9\",{\"\u00e9\":[null]}]",
                "\"12\"", "{\"a\":1,\"a\":1}", "[" + "1".repeat(1001) + "]", "0.5", "-12.5e-3");
        String value = values.get(random.nextInt(values.size()));
        return root && random.nextBoolean() ? ws() + value + ws() : value;
    }

    private String nested(int depth, String inner) {
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + inner + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + inner + "}".repeat(depth);
            default -> "{\"updates\":[" + "{\"a\":".repeat(depth) + inner + "}".repeat(depth) + "]}";
        };
    }

    private String ws() {
        return switch (random.nextInt(12)) {
            case 0 -> " ";
            case 1 -> "\n";
            case 2 -> "\r\n  ";
            case 3 -> "\t";
            case 4 -> "\r";
            default -> "";
        };
    }

    private String separator() {
        return ws() + "," + ws();
    }

    private byte[] corrupt(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        switch (random.nextInt(11)) {
            case 0 -> out.write(bytes, 0, at);
            case 1 -> {
                out.write(bytes, 0, bytes.length);
                if (bytes.length > 0) {
                    byte[] copy = out.toByteArray();
                    copy[at] = (byte) random.nextInt(256);
                    return copy;
                }
            }
            case 2, 3 -> {
                String[] garbage = { "}", "]", ",", ":", "x", "\u00e9", "\"", "\\", "\u0001", "NaN", "\uD834\uDD1E",
                        " ", "\n", "{", "[", "tru", "01", "-" };
                out.write(bytes, 0, at);
                out.writeBytes(garbage[random.nextInt(garbage.length)].getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
            }
            case 4 -> {
                String[] trailing = { " {}", " x", "1", "\n]", " \u00e9", ",", "  \n  ", "\"\"", " null" };
                out.writeBytes(bytes);
                out.writeBytes(trailing[random.nextInt(trailing.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 5, 6 -> {
                int[][] invalid = { { 0xC0, 0x80 }, { 0xED, 0xA0, 0x80 }, { 0xF4, 0x90, 0x80, 0x80 }, { 0x80 },
                        { 0xE2, 0x82 }, { 0xF0, 0x9F, 0x98 }, { 0xFF }, { 0xE0, 0x80, 0xAF }, { 0xC3 } };
                out.write(bytes, 0, at);
                for (int b : invalid[random.nextInt(invalid.length)]) {
                    out.write(b);
                }
                out.write(bytes, at, bytes.length - at);
            }
            case 7 -> {
                out.writeBytes(random.nextBoolean() ? new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }
                        : new byte[] { 0 });
                out.writeBytes(bytes);
            }
            case 8 -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                return text.replaceFirst("(\"(lat|lon|speedMps)\":)[^,}]*", "$1NaN").getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> {
                int resume = Math.min(bytes.length, at + 1 + random.nextInt(5));
                out.write(bytes, 0, at);
                out.write(bytes, resume, bytes.length - resume);
            }
            default -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                return nested(8 + random.nextInt(6), text).getBytes(StandardCharsets.UTF_8);
            }
        }
        return out.toByteArray();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append("\\u").append(HexFormat.of().toHexDigits(c));
            }
            else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    // ------------------------------------------------------------------------------------------------ reference

    /** The tree-based parser as it was before the streaming rewrite, unchanged but for its name. */
    private static final class TreeReferenceParser {

        private static final Pattern RIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        // UUID.fromString accepts non-canonical forms such as "1-1-1-1-1"; the contract wants the canonical one.
        private static final Pattern UUID_TEXT = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        private static final Set<String> FIELDS = Set.of("eventId", "riderId", "tripId", "lat", "lon", "speedMps",
                "headingDeg", "accuracyM", "recordedAt");

        private static final Set<String> SERVER_OWNED = Set.of("receivedAt", "schemaVersion");

        private final JsonMapper mapper;

        private final IngestProperties.Validation validation;

        private final int maxBatchItems;

        private final Clock clock;

        TreeReferenceParser(IngestProperties properties, Clock clock) {
            this.validation = properties.validation();
            this.maxBatchItems = properties.limits().maxBatchItems();
            this.clock = clock;
            StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(properties.limits().maxNestingDepth())
                .build();
            this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        }

        LocationUpdateRequest single(byte[] body) {
            JsonNode root = parse(body);
            List<FieldError> errors = new ArrayList<>();
            LocationUpdateRequest update = item(root, errors);
            if (!errors.isEmpty()) {
                throw new InvalidLocationUpdateException("The location update is invalid", errors);
            }
            return update;
        }

        List<LocationUpdateRequest> batch(byte[] body) {
            JsonNode root = parse(body);
            if (!root.isObject()) {
                throw invalidBatch(FieldError.of(null, "the body must be a JSON object {\"updates\": [...]}"));
            }
            List<FieldError> errors = new ArrayList<>();
            for (String name : root.propertyNames()) {
                if (!"updates".equals(name)) {
                    errors.add(FieldError.of(name, "unknown field"));
                }
            }
            JsonNode updates = root.get("updates");
            if (updates == null || updates.isNull()) {
                errors.add(FieldError.of("updates", "is required"));
            }
            else if (!updates.isArray()) {
                errors.add(FieldError.of("updates", "must be an array"));
            }
            else if (updates.isEmpty()) {
                errors.add(FieldError.of("updates", "must contain at least one update"));
            }
            else if (updates.size() > maxBatchItems) {
                errors.add(FieldError.of("updates",
                        "must contain at most " + maxBatchItems + " updates, got " + updates.size()));
            }
            if (!errors.isEmpty()) {
                throw invalidBatch(errors.toArray(FieldError[]::new));
            }
            List<LocationUpdateRequest> result = new ArrayList<>(updates.size());
            for (int i = 0; i < updates.size(); i++) {
                List<FieldError> itemErrors = new ArrayList<>();
                LocationUpdateRequest update = item(updates.get(i), itemErrors);
                for (FieldError error : itemErrors) {
                    errors.add(error.at(i));
                }
                result.add(update);
            }
            if (!errors.isEmpty()) {
                throw new InvalidLocationUpdateException("The batch contains invalid updates; none was published",
                        errors);
            }
            return result;
        }

        private static InvalidLocationUpdateException invalidBatch(FieldError... errors) {
            return new InvalidLocationUpdateException("The batch is invalid; none was published", List.of(errors));
        }

        private JsonNode parse(byte[] body) {
            if (body.length == 0) {
                throw new MalformedBodyException("The request body is empty");
            }
            String text;
            try {
                // JSON on the wire is UTF-8 (RFC 8259); Jackson would also guess UTF-16/32, which we do not want.
                text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            }
            catch (CharacterCodingException ex) {
                throw new MalformedBodyException("The request body is not valid UTF-8");
            }
            try {
                JsonNode root = mapper.readTree(text);
                if (root == null || root.isMissingNode()) {
                    throw new MalformedBodyException("The request body contains no JSON value");
                }
                return root;
            }
            catch (StreamConstraintsException ex) {
                throw new MalformedBodyException("The request body exceeds the JSON nesting or size limits");
            }
            catch (JacksonException ex) {
                // Jackson's own messages name Java types and features; clients get the position only.
                throw new MalformedBodyException("The request body is not well-formed JSON" + location(ex));
            }
        }

        private static String location(JacksonException ex) {
            return ex.getLocation() == null ? ""
                    : " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
        }

        private LocationUpdateRequest item(JsonNode node, List<FieldError> errors) {
            if (node == null || !node.isObject()) {
                errors.add(FieldError.of(null, "a location update must be a JSON object"));
                return null;
            }
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                if (SERVER_OWNED.contains(name)) {
                    errors.add(FieldError.of(name, "is set by the server and must not be sent"));
                }
                else if (!FIELDS.contains(name)) {
                    errors.add(FieldError.of(name, "unknown field"));
                }
            }
            UUID eventId = optionalUuid(node, "eventId", errors);
            int before = errors.size();
            String riderId = riderId(node, errors);
            boolean riderIdInvalid = errors.size() > before;
            UUID tripId = optionalUuid(node, "tripId", errors);
            Double lat = number(node, "lat", true, -90, 90, false, errors);
            Double lon = number(node, "lon", true, -180, 180, false, errors);
            Double speed = number(node, "speedMps", false, 0, 100, false, errors);
            Double heading = number(node, "headingDeg", false, 0, 360, true, errors);
            Double accuracy = number(node, "accuracyM", false, 0, 10_000, false, errors);
            Instant recordedAt = recordedAt(node, errors);
            if (lat == null || lon == null || riderIdInvalid || recordedAt == null) {
                return null;
            }
            return new LocationUpdateRequest(eventId, riderId, tripId, lat, lon, speed, heading, accuracy, recordedAt);
        }

        private static String riderId(JsonNode node, List<FieldError> errors) {
            JsonNode value = node.get("riderId");
            // absent: the token's rider (since issue 14); the parser leaves it null for the controller to fill in
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString() || !RIDER_ID.matcher(value.stringValue()).matches()) {
                errors.add(FieldError.of("riderId", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
                return null;
            }
            return value.stringValue();
        }

        private static UUID optionalUuid(JsonNode node, String field, List<FieldError> errors) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString() || !UUID_TEXT.matcher(value.stringValue()).matches()) {
                errors.add(FieldError.of(field, "must be a UUID such as 7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10"));
                return null;
            }
            return UUID.fromString(value.stringValue());
        }

        private static Double number(JsonNode node, String field, boolean required, double min, double max,
                boolean maxExclusive, List<FieldError> errors) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    errors.add(FieldError.of(field, "is required"));
                }
                return null;
            }
            String range = "must be a finite number from " + fmt(min) + (maxExclusive ? " to below " : " to ")
                    + fmt(max);
            if (!value.isNumber()) {
                errors.add(FieldError.of(field, range));
                return null;
            }
            double number = value.asDouble();
            boolean aboveMax = maxExclusive ? number >= max : number > max;
            if (!Double.isFinite(number) || number < min || aboveMax) {
                errors.add(FieldError.of(field, range));
                return null;
            }
            return number;
        }

        private static String fmt(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }

        private Instant recordedAt(JsonNode node, List<FieldError> errors) {
            JsonNode value = node.get("recordedAt");
            if (value == null || value.isNull()) {
                errors.add(FieldError.of("recordedAt", "is required"));
                return null;
            }
            Instant instant;
            try {
                instant = value.isString() ? Instant.parse(value.stringValue()) : null;
            }
            catch (DateTimeParseException ex) {
                instant = null;
            }
            if (instant == null) {
                errors.add(FieldError.of("recordedAt", "must be an ISO-8601 instant such as 2026-11-25T16:00:00Z"));
                return null;
            }
            Instant now = clock.instant();
            if (instant.isAfter(now.plus(validation.maxFutureSkew()))) {
                errors.add(FieldError.of("recordedAt",
                        "is more than " + validation.maxFutureSkew().toSeconds() + " s ahead of the server clock"));
                return null;
            }
            if (instant.isBefore(now.minus(validation.maxAge()))) {
                errors.add(FieldError.of("recordedAt",
                        "is older than " + validation.maxAge().toSeconds() + " s, the accepted window"));
                return null;
            }
            return instant;
        }
    }
}
