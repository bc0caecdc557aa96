package dev.ridehail.contract;

import java.util.UUID;

/**
 * The value rules of the contract's fields, defined once for ingest (which accepts updates) and the consumers (which
 * judge records): the numeric ranges, the riderId characters and the UUID form. The schema
 * ({@code contract/location-update.schema.json}) stays the normative text; LocationUpdateFieldsTests proves these
 * constants say what it says. The identifier checks read straight from a JSON parser's character buffer.
 */
public final class LocationUpdateFields {

    /** WGS84 latitude in degrees. */
    public static final Range LAT = new Range(-90, 90, false);

    /** WGS84 longitude in degrees. */
    public static final Range LON = new Range(-180, 180, false);

    /** Ground speed in metres per second. */
    public static final Range SPEED_MPS = new Range(0, 100, false);

    /** Degrees clockwise from north; 360 is written as 0. */
    public static final Range HEADING_DEG = new Range(0, 360, true);

    /** Horizontal accuracy radius in metres. */
    public static final Range ACCURACY_M = new Range(0, 10_000, false);

    public static final int RIDER_ID_MAX_LENGTH = 64;

    /** The schema's riderId pattern, which {@link #isRiderId} implements. */
    public static final String RIDER_ID_PATTERN = "^[A-Za-z0-9_-]{1," + RIDER_ID_MAX_LENGTH + "}$";

    private LocationUpdateFields() {
    }

    /**
     * The closed or half-open interval of a number field.
     *
     * @param maxExclusive true when {@code max} itself is outside (the schema's {@code exclusiveMaximum})
     */
    public record Range(double min, double max, boolean maxExclusive) {

        /** False for NaN and the infinities too. */
        public boolean contains(double value) {
            return value >= min && (maxExclusive ? value < max : value <= max);
        }

        /** The interval in mathematical notation: {@code [0.0, 360.0)}. */
        public String interval() {
            return "[" + min + ", " + max + (maxExclusive ? ")" : "]");
        }
    }

    /** True for 1 to {@value #RIDER_ID_MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}: {@link #RIDER_ID_PATTERN}. */
    public static boolean isRiderId(char[] text, int offset, int length) {
        if (length < 1 || length > RIDER_ID_MAX_LENGTH) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses exactly 8-4-4-4-12 hexadecimal digits (either case), else null; {@code UUID.fromString} also accepts
     * non-canonical forms such as "1-1-1-1-1".
     */
    public static UUID canonicalUuid(char[] text, int offset, int length) {
        if (length != 36 || text[offset + 8] != '-' || text[offset + 13] != '-' || text[offset + 18] != '-'
                || text[offset + 23] != '-') {
            return null;
        }
        long most = hex(text, offset, 8);
        long mid = hex(text, offset + 9, 4);
        long high = hex(text, offset + 14, 4);
        long clockSequence = hex(text, offset + 19, 4);
        long node = hex(text, offset + 24, 12);
        if ((most | mid | high | clockSequence | node) < 0) {
            return null;
        }
        return new UUID(most << 32 | mid << 16 | high, clockSequence << 48 | node);
    }

    /** The value of {@code count} hexadecimal digits (at most 15), or -1. */
    private static long hex(char[] text, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            }
            else {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }
}
