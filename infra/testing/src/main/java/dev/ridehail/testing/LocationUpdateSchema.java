package dev.ridehail.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The rider-updates value contract ({@code contract/location-update.schema.json} from the event-contract module),
 * for tests that check a service's own record against the one wire-format definition.
 */
public final class LocationUpdateSchema {

    public static final String RESOURCE = "contract/location-update.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonSchema SCHEMA = load();

    private LocationUpdateSchema() {
    }

    /** Violations of the schema, empty when the JSON conforms. */
    public static List<String> violations(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
        }
        catch (IOException ex) {
            return List.of("not JSON: " + ex.getMessage());
        }
    }

    /** The schema document itself, for tests that compare field names or ranges. */
    public static JsonNode document() {
        try (InputStream in = resource()) {
            return MAPPER.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = resource()) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream resource() {
        InputStream in = LocationUpdateSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath; depend on dev.ridehail:event-contract");
        }
        return in;
    }
}
