package dev.ridehail.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ridehail.contract.LocationUpdateFields.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** The schema is the normative text; these are the constants every parser checks fields with. */
class LocationUpdateFieldsTests {

    static final JsonNode PROPERTIES = LocationUpdateEventParserTests.SCHEMA_DOCUMENT.get("properties");

    static Stream<Arguments> ranges() {
        return Stream.of(argumentSet("lat", "lat", LocationUpdateFields.LAT),
                argumentSet("lon", "lon", LocationUpdateFields.LON),
                argumentSet("speedMps", "speedMps", LocationUpdateFields.SPEED_MPS),
                argumentSet("headingDeg", "headingDeg", LocationUpdateFields.HEADING_DEG),
                argumentSet("accuracyM", "accuracyM", LocationUpdateFields.ACCURACY_M));
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void shouldStateTheSchemasBounds(String field, Range range) {
        JsonNode property = PROPERTIES.get(field);

        assertThat(property.get("minimum").asDouble()).isEqualTo(range.min());
        if (range.maxExclusive()) {
            assertThat(property.has("maximum")).isFalse();
            assertThat(property.get("exclusiveMaximum").asDouble()).isEqualTo(range.max());
        }
        else {
            assertThat(property.has("exclusiveMaximum")).isFalse();
            assertThat(property.get("maximum").asDouble()).isEqualTo(range.max());
        }
    }

    @Test
    void shouldCoverEveryNumberFieldOfTheSchema() {
        Stream<String> numberFields = PROPERTIES.properties()
            .stream()
            .filter(entry -> entry.getValue().path("type").toString().contains("number"))
            .map(entry -> entry.getKey());

        assertThat(numberFields).containsExactlyInAnyOrderElementsOf(
                ranges().map(arguments -> (String) arguments.get()[0]).toList());
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void shouldContainItsBoundsAsTheSchemaDoes(String field, Range range) {
        assertThat(range.contains(range.min())).isTrue();
        assertThat(range.contains(Math.nextDown(range.min()))).isFalse();
        assertThat(range.contains(range.max())).isEqualTo(!range.maxExclusive());
        assertThat(range.contains(Math.nextUp(range.max()))).isFalse();
        assertThat(range.contains(Double.NaN)).isFalse();
    }

    @Test
    void shouldStateTheSchemasRiderIdPattern() {
        assertThat(PROPERTIES.get("riderId").get("pattern").asText()).isEqualTo(LocationUpdateFields.RIDER_ID_PATTERN);
        assertThat(LocationUpdateFields.RIDER_ID_PATTERN)
            .contains("," + LocationUpdateFields.RIDER_ID_MAX_LENGTH + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "r", "rider_42-a", "-", "_", "A-Z_09", "", " ", "a b", "rider/42", "fahrer-\u00fc",
            "r\n", "\u0661", "a234567890123456789012345678901234567890123456789012345678901234",
            "a2345678901234567890123456789012345678901234567890123456789012345" })
    void shouldJudgeRiderIdsAsTheSchemasPatternDoes(String riderId) {
        char[] padded = ("x" + riderId + "y").toCharArray();

        assertThat(LocationUpdateFields.isRiderId(padded, 1, riderId.length()))
            .isEqualTo(Pattern.matches(LocationUpdateFields.RIDER_ID_PATTERN, riderId));
    }
}
