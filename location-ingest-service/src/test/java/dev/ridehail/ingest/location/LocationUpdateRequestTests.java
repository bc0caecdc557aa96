package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateFields;
import dev.ridehail.contract.LocationUpdateFields.Range;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** The API description states the ranges the parser checks, which are the contract's. */
class LocationUpdateRequestTests {

    static Stream<Arguments> ranges() {
        return Stream.of(argumentSet("lat", "lat", LocationUpdateFields.LAT),
                argumentSet("lon", "lon", LocationUpdateFields.LON),
                argumentSet("speedMps", "speedMps", LocationUpdateFields.SPEED_MPS),
                argumentSet("headingDeg", "headingDeg", LocationUpdateFields.HEADING_DEG),
                argumentSet("accuracyM", "accuracyM", LocationUpdateFields.ACCURACY_M));
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void shouldDescribeTheContractsRange(String field, Range range) throws Exception {
        // @Schema does not target record components, so Java puts it on the component's field (among others).
        Schema schema = LocationUpdateRequest.class.getDeclaredField(field).getAnnotation(Schema.class);

        assertThat(Double.parseDouble(schema.minimum())).isEqualTo(range.min());
        assertThat(Double.parseDouble(schema.maximum())).isEqualTo(range.max());
        assertThat(schema.exclusiveMaximum()).isEqualTo(range.maxExclusive());
    }
}
