package dev.ridehail.contract;

import java.util.UUID;

/**
 * The character rules of the contract's identifier fields, read straight from a JSON parser's character buffer, so
 * ingest (which accepts updates) and the consumers (which judge records) cannot drift apart on what a valid riderId or
 * UUID is.
 */
public final class FieldText {

    private FieldText() {
    }

    /** True for 1 to 64 characters of {@code [A-Za-z0-9_-]}, the schema's riderId pattern. */
    public static boolean isRiderId(char[] text, int offset, int length) {
        if (length < 1 || length > 64) {
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
