package dev.ridehail.ingest.location;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The token-level reading of one pass over one body, shared by every part of the parser: the document's start and
 * end, numbers read as a JSON tree reads them, values skipped, and names repeated in one object.
 */
final class JsonTokens {

    static final String NOT_WELL_FORMED = "The request body is not well-formed JSON";

    private final JsonParser parser;

    JsonTokens(JsonParser parser) {
        this.parser = parser;
    }

    /** The parser itself, for reading names and a string's characters in place. */
    JsonParser parser() {
        return parser;
    }

    JsonToken first() {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedBodyException("The request body contains no JSON value");
        }
        return first;
    }

    /** The document must end after its value (the tree reader's FAIL_ON_TRAILING_TOKENS, same position). */
    void end() {
        if (parser.nextToken() != null) {
            throw new MalformedBodyException(NOT_WELL_FORMED + at(parser.currentTokenLocation()));
        }
    }

    /** " (line L, column C)" for error messages, or nothing when Jackson knows no position. */
    static String at(TokenStreamLocation location) {
        return location == null ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * The value as a double, read through the same accessors a JSON tree reads numbers with, so that any constraint
     * Jackson checks on the way is checked here too.
     */
    double numberValue(JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            parser.getNumberTypeFP();
            return parser.getDoubleValue();
        }
        return switch (parser.getNumberType()) {
            case INT -> parser.getIntValue();
            case LONG -> parser.getLongValue();
            // Too large for a double is Infinity, so out of range.
            default -> parser.getBigIntegerValue().doubleValue();
        };
    }

    /**
     * Reads past the value starting with {@code token}, touching each scalar the way a JSON tree reader does, so that
     * the same documents fail (number and string limits) at the same positions as when they were trees, and checking
     * its objects for duplicate names.
     */
    void consume(JsonToken token) {
        int depth = 0;
        // the names of each object being read, innermost last (names belong to the innermost object)
        ArrayDeque<Set<String>> names = null;
        JsonToken current = token;
        while (true) {
            switch (current) {
                case START_OBJECT -> {
                    depth++;
                    names = names == null ? new ArrayDeque<>() : names;
                    names.addLast(new HashSet<>());
                }
                case END_OBJECT -> {
                    depth--;
                    names.removeLast();
                }
                case PROPERTY_NAME -> {
                    if (!names.getLast().add(parser.currentName())) {
                        throw DuplicateName.INSTANCE;
                    }
                }
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_STRING -> parser.getString();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberValue(current);
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
            current = parser.nextToken();
        }
    }

    /**
     * Adds a name outside an object's known fields to the set, made only when there is one; a second time is a
     * duplicate name.
     */
    static Set<String> distinct(Set<String> names, String name) {
        Set<String> set = names == null ? new HashSet<>() : names;
        if (!set.add(name)) {
            throw DuplicateName.INSTANCE;
        }
        return set;
    }

    /** A name repeated in one object, found by the fast pass; the text pass then reports it where Jackson does. */
    static final class DuplicateName extends RuntimeException {

        static final DuplicateName INSTANCE = new DuplicateName();

        private DuplicateName() {
            super(null, null, false, false);
        }
    }
}
