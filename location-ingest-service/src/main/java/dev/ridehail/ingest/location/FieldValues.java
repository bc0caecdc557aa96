package dev.ridehail.ingest.location;

import dev.ridehail.contract.InstantText;
import dev.ridehail.contract.LocationUpdateFields;
import dev.ridehail.contract.LocationUpdateFields.Range;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.time.Instant;
import java.util.UUID;

/**
 * Reads one field's value by the contract's rules ({@link LocationUpdateFields}, {@link InstantText}): the value, or
 * null for JSON null and for a value that is not one (then consumed). Whether a null was absent or unreadable is the
 * token's to tell.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** A canonical UUID. */
    static UUID uuid(JsonTokens tokens, JsonToken token) {
        if (token != JsonToken.VALUE_STRING) {
            tokens.consume(token);
            return null;
        }
        JsonParser parser = tokens.parser();
        return LocationUpdateFields.canonicalUuid(parser.getStringCharacters(), parser.getStringOffset(),
                parser.getStringLength());
    }

    static String riderId(JsonTokens tokens, JsonToken token) {
        if (token != JsonToken.VALUE_STRING) {
            tokens.consume(token);
            return null;
        }
        JsonParser parser = tokens.parser();
        char[] text = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        int length = parser.getStringLength();
        return LocationUpdateFields.isRiderId(text, offset, length) ? new String(text, offset, length) : null;
    }

    /** A number in range. */
    static Double number(JsonTokens tokens, JsonToken token, Range range) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            tokens.consume(token);
            return null;
        }
        double number = tokens.numberValue(token);
        return range.contains(number) ? number : null;
    }

    /** What Instant.parse makes of a string (a request's rule, not the records' RFC 3339). */
    static Instant instant(JsonTokens tokens, JsonToken token) {
        if (token != JsonToken.VALUE_STRING) {
            tokens.consume(token);
            return null;
        }
        JsonParser parser = tokens.parser();
        return InstantText.isoInstant(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength());
    }
}
