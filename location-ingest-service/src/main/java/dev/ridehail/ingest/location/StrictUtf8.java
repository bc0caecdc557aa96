package dev.ridehail.ingest.location;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629) without decoding them: what a REPORTing UTF-8 CharsetDecoder accepts,
 * so no overlong forms, no surrogates, nothing above U+10FFFF and no truncated sequence. It runs over the whole body
 * before any JSON is parsed because a bad byte anywhere is answered as such, even after a JSON syntax error.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        int length = bytes.length;
        int i = 0;
        while (i < length) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            if (lead < 0xC2) {
                // a continuation byte without a lead, or the overlong 2-byte forms of ASCII
                return false;
            }
            if (lead < 0xE0) {
                if (i + 1 >= length || !isContinuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            }
            else if (lead < 0xF0) {
                if (i + 2 >= length) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // E0 needs A0..BF (else overlong); ED needs 80..9F (else a surrogate)
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            }
            else if (lead < 0xF5) {
                if (i + 3 >= length) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // F0 needs 90..BF (else overlong); F4 needs 80..8F (else above U+10FFFF)
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[i + 2])
                        || !isContinuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            }
            else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
