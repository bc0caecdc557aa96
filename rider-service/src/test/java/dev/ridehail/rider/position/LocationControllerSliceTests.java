package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderProperties;
import dev.ridehail.security.ApiSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * rider-service's LocationController: the nearby query's bounds and the position 404, with the queries mocked (no
 * Kafka, no PostgreSQL). Distances, ordering and freshness against real rows are {@link NearbyRidersTests}'.
 */
// The controller's Caller parameter needs api-security; with it off the caller is unrestricted, since who may call
// what is tested through the real chain and real tokens (RiderAuthorizationTests, LocationAuthorizationTests).
@WebMvcTest(controllers = LocationController.class, properties = "ridehail.security.enabled=false")
@ImportAutoConfiguration(ApiSecurityAutoConfiguration.class)
@EnableConfigurationProperties(RiderProperties.class)
class LocationControllerSliceTests {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    PositionQueries positions;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            lat=0&lon=0&radiusM=0        | radiusM | must be between 1 and 50000
            lat=0&lon=0&radiusM=50001    | radiusM | must be between 1 and 50000
            lat=0&lon=0&limit=0          | limit   | must be between 1 and 100
            lat=0&lon=0&limit=101        | limit   | must be between 1 and 100
            lat=0&lon=0&maxAgeS=0        | maxAgeS | must be between 1 and 86400
            lat=0&lon=0&maxAgeS=86401    | maxAgeS | must be between 1 and 86400
            lat=0&lon=0&status=FLYING    | status  | must be one of [AVAILABLE, ON_TRIP, OFFLINE]
            lat=0&lon=0&radiusM=abc      | radiusM | must be an integer
            lat=91&lon=0                 | lat     | must be between -90 and 90
            lat=0&lon=-180.5             | lon     | must be between -180 and 180
            lat=north&lon=0              | lat     | must be a number
            lat=NaN&lon=0                | lat     | must be between -90 and 90
            lon=0                        | lat     | is required
            """)
    void shouldAnswerBadRequestNamingTheParameterWhenTheQueryIsInvalid(String query, String parameter, String message) {
        MvcTestResult result = mvc.get().uri("/api/v1/riders/nearby?" + query).exchange();

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-parameter");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("parameter", parameter, "message", message)));
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("'" + parameter + "' " + message);
        verifyNoInteractions(positions);
    }

    @Test
    void shouldAnswerNotFoundProblemWhenRiderHasNoPosition() {
        // the mocked queries know no rider: an empty Optional
        MvcTestResult result = mvc.get().uri("/api/v1/riders/nobody/location").exchange();

        assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/position-not-found");
        assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Position not found");
    }
}
