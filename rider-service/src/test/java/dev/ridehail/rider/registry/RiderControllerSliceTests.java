package dev.ridehail.rider.registry;

import dev.ridehail.rider.RiderProperties;
import dev.ridehail.security.ApiSecurityAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * RiderController's validation and error mapping with the service mocked: no Kafka, no PostgreSQL. Registration,
 * conflicts and paging against real rows are {@link RiderRegistryTests}'.
 */
// The controller's Caller parameter needs api-security; with it off the caller is unrestricted, since who may call
// what is tested through the real chain and real tokens (RiderAuthorizationTests, LocationAuthorizationTests).
@WebMvcTest(controllers = RiderController.class, properties = "ridehail.security.enabled=false")
@ImportAutoConfiguration(ApiSecurityAutoConfiguration.class)
@EnableConfigurationProperties(RiderProperties.class)
class RiderControllerSliceTests {

    private static final String PROBLEMS = "https://ridehail.dev/problems/";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    RiderService riders;

    MvcTestResult send(org.springframework.http.HttpMethod method, String path, String body) {
        return mvc.method(method).uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    static void assertProblem(MvcTestResult result, int status, String slug) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
        assertThat(result).bodyText().doesNotContain("Exception", "tools.jackson", "at dev.ridehail");
    }

    @Nested
    class Register {

        static Stream<Arguments> invalidRegistrations() {
            return Stream.of(
                    argumentSet("missing name", "{\"vehicleType\":\"CAR\",\"plate\":\"X1\"}", "name", "must not be blank"),
                    argumentSet("blank plate", "{\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\" \"}", "plate", null),
                    argumentSet("plate with symbols only", "{\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\"--\"}", "plate",
                            "must contain letters or digits, optionally separated by spaces or '-'"),
                    argumentSet("unknown vehicle type", "{\"name\":\"A\",\"vehicleType\":\"TANK\",\"plate\":\"X1\"}", "vehicleType",
                            "must be one of " + java.util.Arrays.toString(VehicleType.values())),
                    argumentSet("rider id with a space", "{\"riderId\":\"a b\",\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\"X1\"}",
                            "riderId", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'"),
                    argumentSet("rider id of 65 characters", "{\"riderId\":\"" + "a".repeat(65)
                            + "\",\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\"X1\"}", "riderId", null),
                    argumentSet("phone with letters", "{\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\"X1\",\"phone\":\"call me\"}",
                            "phone", "must be a phone number such as +49 30 1234567"),
                    argumentSet("name a number", "{\"name\":[1],\"vehicleType\":\"CAR\",\"plate\":\"X1\"}", "name",
                            "must be a string"));
        }

        @ParameterizedTest
        @MethodSource("invalidRegistrations")
        void shouldAnswerBadRequestNamingTheFieldWhenInputIsInvalid(String body, String field, String message) {
            MvcTestResult result = send(org.springframework.http.HttpMethod.POST, "/api/v1/riders", body);

            assertProblem(result, 400, "invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().isNotEmpty().containsOnly(field);
            assertThat(result).bodyJson().doesNotHavePath("$.errors[0].parameter");
            if (message != null) {
                assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo(message);
            }
            verifyNoInteractions(riders);
        }

        @Test
        void shouldAnswerBadRequestWithoutInternalsWhenBodyIsNotJson() {
            MvcTestResult result = send(org.springframework.http.HttpMethod.POST, "/api/v1/riders", "{not json");

            assertProblem(result, 400, "malformed-body");
        }
    }

    @Nested
    class Find {

        @Test
        void shouldAnswerNotFoundProblemWhenRiderIsUnknown() {
            given(riders.find("nobody")).willThrow(new RiderNotFoundException("nobody"));

            MvcTestResult result = mvc.get().uri("/api/v1/riders/nobody").exchange();

            assertProblem(result, 404, "rider-not-found");
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Rider not found");
        }

        @Test
        void shouldAnswer503WithRetryAfterWhenTheDatabaseDoesNotAnswer() {
            given(riders.find("slow")).willThrow(new QueryTimeoutException("canceling statement due to statement timeout"));

            MvcTestResult result = mvc.get().uri("/api/v1/riders/slow").exchange();

            assertProblem(result, 503, "database-unavailable");
            assertThat(result).hasHeader("Retry-After", "5");
        }

        @Test
        void shouldAnswerAnUnexpectedFailureWithAGeneric500() {
            given(riders.find("odd")).willThrow(new IllegalStateException("secret detail"));

            MvcTestResult result = mvc.get().uri("/api/v1/riders/odd").exchange();

            assertProblem(result, 500, "internal-error");
            assertThat(result).bodyText().doesNotContain("secret detail");
        }
    }

    @Nested
    class ChangeStatus {

        @Test
        void shouldAnswerBadRequestWhenStatusIsUnknown() {
            MvcTestResult result = send(org.springframework.http.HttpMethod.PUT, "/api/v1/riders/r1/status",
                    "{\"status\":\"SLEEPING\"}");

            assertProblem(result, 400, "invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("field", "status",
                    "message", "must be one of " + java.util.Arrays.toString(RiderStatus.values()))));
        }

        @Test
        void shouldAnswerBadRequestWhenStatusIsMissing() {
            MvcTestResult result = send(org.springframework.http.HttpMethod.PUT, "/api/v1/riders/r1/status", "{}");

            assertProblem(result, 400, "invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("status");
        }
    }

    @Nested
    class ListRiders {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                size=0      | size   | must be between 1 and 100
                size=101    | size   | must be between 1 and 100
                page=-1     | page   | must be 0 or more
                page=first  | page   | must be an integer
                size=ten    | size   | must be an integer
                """)
        void shouldAnswerBadRequestNamingTheParameterWhenPagingIsInvalid(String query, String parameter, String message) {
            MvcTestResult result = mvc.get().uri("/api/v1/riders?" + query).exchange();

            assertProblem(result, 400, "invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("parameter", parameter, "message", message)));
            verifyNoInteractions(riders);
        }

        @Test
        void shouldAnswerBadRequestNamingTheParameterWhenStatusIsUnknown() {
            MvcTestResult result = mvc.get().uri("/api/v1/riders?status=FLYING").exchange();

            assertProblem(result, 400, "invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo("status");
        }
    }
}
