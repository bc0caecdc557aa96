package dev.ridehail.trip.trip;

import dev.ridehail.security.ApiSecurityAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * TripController's validation and error mapping with the service mocked: no Kafka, no PostgreSQL. The lifecycle,
 * aggregates and queries themselves are {@link TripApiTests}'s, who may call what {@link TripSecurityTests}'.
 */
// The shared security set-up switched off (an unrestricted Caller), as the slice is about input, not tokens.
@WebMvcTest(controllers = TripController.class, properties = "ridehail.security.enabled=false")
@ImportAutoConfiguration(ApiSecurityAutoConfiguration.class)
class TripControllerSliceTests {

    private static final String PROBLEMS = "https://ridehail.dev/problems/";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    TripService trips;

    MvcTestResult post(String path, String body) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    static void assertProblem(MvcTestResult result, int status, String slug) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
        assertThat(result).bodyText().doesNotContain("Exception", "tools.jackson", "at dev.ridehail");
    }

    @Nested
    class Create {

        static Stream<Arguments> invalidCreateRequests() {
            String pickup = "\"pickup\":{\"lat\":1,\"lon\":1}";
            String dropoff = "\"dropoff\":{\"lat\":1,\"lon\":2}";
            // A missing riderId is the service's decision (a rider's token supplies it): TripSecurityTests.
            return Stream.of(argumentSet("riderId with a space", "{\"riderId\":\"a b\"," + pickup + "," + dropoff + "}", "riderId",
                            "must be 1-64 characters of [A-Za-z0-9_-]"),
                    argumentSet("missing pickup", "{\"riderId\":\"r1\"," + dropoff + "}", "pickup", "must not be null"),
                    argumentSet("latitude out of range",
                            "{\"riderId\":\"r1\",\"pickup\":{\"lat\":91,\"lon\":1}," + dropoff + "}", "pickup.lat", null),
                    argumentSet("longitude out of range",
                            "{\"riderId\":\"r1\"," + pickup + ",\"dropoff\":{\"lat\":1,\"lon\":-181}}", "dropoff.lon", null),
                    argumentSet("tripId not a UUID", "{\"tripId\":\"42\",\"riderId\":\"r1\"," + pickup + "," + dropoff + "}",
                            "tripId", "must be a UUID"),
                    argumentSet("latitude not a number",
                            "{\"riderId\":\"r1\",\"pickup\":{\"lat\":\"north\",\"lon\":1}," + dropoff + "}", "pickup.lat",
                            "must be a number"));
        }

        @ParameterizedTest
        @MethodSource("invalidCreateRequests")
        void shouldRejectAnInvalidCreateRequestNamingTheField(String body, String field, String message) {
            MvcTestResult result = post("/api/v1/trips", body);

            assertProblem(result, 400, "invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
            if (message != null) {
                assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("field", field, "message", message));
            }
            verifyNoInteractions(trips);
        }

        @Test
        void shouldAnswerMalformedBodyWhenTheBodyIsNotJson() {
            MvcTestResult result = post("/api/v1/trips", "riderId=r1");

            assertProblem(result, 400, "malformed-body");
        }

        @Test
        void shouldAnswerConflictWhenTheSuppliedTripIdExists() {
            UUID id = UUID.randomUUID();
            given(trips.create(any(), any())).willThrow(new TripAlreadyExistsException(id));

            MvcTestResult result = post("/api/v1/trips", "{\"tripId\":\"" + id + "\",\"riderId\":\"r1\","
                    + "\"pickup\":{\"lat\":1,\"lon\":1},\"dropoff\":{\"lat\":1,\"lon\":2}}");

            assertProblem(result, 409, "trip-already-exists");
            assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
        }
    }

    @Nested
    class Lifecycle {

        @ParameterizedTest
        @ValueSource(strings = { "start", "complete", "cancel" })
        void shouldAnswerNotFoundForAnUnknownTrip(String action) {
            UUID id = UUID.randomUUID();
            given(trips.start(eq(id), any())).willThrow(new TripNotFoundException(id));
            given(trips.complete(eq(id), any())).willThrow(new TripNotFoundException(id));
            given(trips.cancel(eq(id), any())).willThrow(new TripNotFoundException(id));

            MvcTestResult result = mvc.post().uri("/api/v1/trips/" + id + "/" + action).exchange();

            assertProblem(result, 404, "trip-not-found");
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Trip not found");
        }

        @Test
        void shouldAnswerConflictNamingTheStatesForAnIllegalTransition() {
            UUID id = UUID.randomUUID();
            given(trips.start(eq(id), any())).willThrow(new IllegalTripTransitionException(id, TripStatus.COMPLETED, TripStatus.STARTED));

            MvcTestResult result = mvc.post().uri("/api/v1/trips/" + id + "/start").exchange();

            assertProblem(result, 409, "illegal-trip-transition");
            assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("cannot become");
        }

        @Test
        void shouldAnswer503WithRetryAfterWhenTheDatabaseDoesNotAnswer() {
            UUID id = UUID.randomUUID();
            given(trips.find(eq(id), any())).willThrow(new QueryTimeoutException("canceling statement due to statement timeout"));

            MvcTestResult result = mvc.get().uri("/api/v1/trips/" + id).exchange();

            assertProblem(result, 503, "database-unavailable");
            assertThat(result).hasHeader("Retry-After", "5");
            assertThat(result).bodyText().doesNotContain("statement timeout");
        }
    }

    @Nested
    class Search {

        static Stream<Arguments> invalidSearches() {
            return Stream.of(argumentSet("unknown status", "status=FLYING", "status",
                            "must be one of [REQUESTED, STARTED, COMPLETED, CANCELLED]"),
                    argumentSet("from not an instant", "from=yesterday", "from",
                            "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"),
                    argumentSet("negative page", "page=-1", "page", "must be greater than or equal to 0"),
                    argumentSet("zero size", "size=0", "size", "must be greater than or equal to 1"),
                    argumentSet("size not a number", "size=ten", "size", "must be an integer"),
                    argumentSet("page not a number", "page=first", "page", "must be an integer"),
                    argumentSet("riderId with a slash", "riderId=a%2Fb", "riderId", "must be 1-64 characters of [A-Za-z0-9_-]"));
        }

        @ParameterizedTest
        @MethodSource("invalidSearches")
        void shouldRejectABadParameterWithAProblemNamingIt(String query, String parameter, String message) {
            MvcTestResult result = mvc.get().uri("/api/v1/trips?" + query).exchange();

            assertProblem(result, 400, "invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Invalid request parameter");
            assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("parameter", parameter, "message", message)));
            verifyNoInteractions(trips);
        }
    }

    @Nested
    class Route {

        @ParameterizedTest
        @ValueSource(strings = { "maxPoints=1", "maxPoints=0", "maxPoints=many" })
        void shouldRejectABadMaxPoints(String query) {
            MvcTestResult result = mvc.get().uri("/api/v1/trips/" + UUID.randomUUID() + "/route?" + query).exchange();

            assertProblem(result, 400, "invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors[*].parameter").asArray().contains("maxPoints");
        }

        @Test
        void shouldRejectAMalformedTripId() {
            MvcTestResult result = mvc.get().uri("/api/v1/trips/not-a-uuid/route").exchange();

            assertProblem(result, 400, "invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("parameter", "id", "message", "must be a UUID"));
        }

        @Test
        void shouldAnswerNotFoundForAnUnknownTrip() {
            UUID id = UUID.randomUUID();
            given(trips.route(eq(id), eq(null), any())).willThrow(new TripNotFoundException(id));

            assertProblem(mvc.get().uri("/api/v1/trips/" + id + "/route").exchange(), 404, "trip-not-found");
        }
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWithAGeneric500() {
        UUID id = UUID.randomUUID();
        given(trips.find(eq(id), any())).willThrow(new IllegalStateException("secret: connection string"));

        MvcTestResult result = mvc.get().uri("/api/v1/trips/" + id).exchange();

        assertProblem(result, 500, "internal-error");
        assertThat(result).bodyText().doesNotContain("secret");
    }
}
