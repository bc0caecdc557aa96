package dev.ridehail.ingest.location;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Runs a document reader over a request body, and words every 400.
 *
 * <p>Parsing is most of the service's CPU, so well-formed bodies are read straight from their bytes, without a tree or
 * a decoded copy. A body the byte parser refuses is read again as decoded text: that slower pass (what the service
 * always did) is the one that words the error, with its line and character column, so error answers stay exactly as
 * they were.
 */
final class JsonBody {

    /** For the fast pass: duplicate names are detected by the reading itself, far cheaper than Jackson's sets. */
    private final JsonFactory bytes;

    /** For the text pass, which words every error: Jackson detects duplicates, as it always did. */
    private final JsonFactory text;

    JsonBody(int maxNestingDepth) {
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build();
        this.bytes = JsonFactory.builder().streamReadConstraints(constraints).build();
        this.text = bytes.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /**
     * @param document reads one whole document from a parser positioned before its first token
     * @throws MalformedBodyException when the body is empty, not UTF-8 or not well-formed JSON
     */
    <T> T read(byte[] body, Function<JsonTokens, T> document) {
        if (body.length == 0) {
            throw new MalformedBodyException("The request body is empty");
        }
        // JSON on the wire is UTF-8 (RFC 8259); a bad byte anywhere is reported as such, before any JSON error.
        if (!StrictUtf8.isWellFormed(body)) {
            throw new MalformedBodyException("The request body is not valid UTF-8");
        }
        if (!isPlainUtf8Start(body)) {
            return readText(body, document);
        }
        try (JsonParser parser = bytes.createParser(ObjectReadContext.empty(), body)) {
            return document.apply(new JsonTokens(parser));
        }
        catch (JacksonException | MalformedBodyException | JsonTokens.DuplicateName ex) {
            // The byte parser counts columns in bytes and words some errors differently: the text pass has the say.
            return readText(body, document);
        }
    }

    /**
     * False when Jackson's byte parser might not read the body as plain UTF-8: its encoding detection skips a leading
     * byte order mark and takes zero bytes at the start for UTF-16 or UTF-32, where decoded text keeps both.
     */
    private static boolean isPlainUtf8Start(byte[] body) {
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return !(body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF);
    }

    private <T> T readText(byte[] body, Function<JsonTokens, T> document) {
        String decoded = new String(body, StandardCharsets.UTF_8);
        try (JsonParser parser = text.createParser(ObjectReadContext.empty(), decoded)) {
            return document.apply(new JsonTokens(parser));
        }
        catch (StreamConstraintsException ex) {
            throw new MalformedBodyException("The request body exceeds the JSON nesting or size limits");
        }
        catch (JacksonException ex) {
            // Jackson's own messages name Java types and features; clients get the position only.
            throw new MalformedBodyException(JsonTokens.NOT_WELL_FORMED + JsonTokens.at(ex.getLocation()));
        }
    }
}
