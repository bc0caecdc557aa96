package dev.ridehail.problems;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest
class ProblemAdviceTests {

    @Autowired
    MockMvcTester mvc;

    @Nested
    class Parameters {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                size=ten         | size   | must be an integer
                big=1.5          | big    | must be an integer
                lat=north        | lat    | must be a number
                id=42            | id     | must be a UUID
                colour=BLUE      | colour | must be one of [RED, GREEN]
                flag=maybe       | flag   | must be true or false
                from=yesterday   | from   | must be an ISO-8601 instant such as 2026-01-31T12:00:00Z
                """)
        void shouldNameTheParameterInPlainEnglishWhenItHasTheWrongType(String query, String parameter, String message) {
            MvcTestResult result = mvc.get().uri("/typed?" + query).exchange();

            assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Invalid request parameter");
            assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(java.util.List.of(
                    Map.of("parameter", parameter, "message", message)));
            assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("'" + parameter + "' " + message);
        }

        @Test
        void shouldNameAMissingParameter() {
            MvcTestResult result = mvc.get().uri("/required").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("parameter", "lat", "message", "is required"));
        }

        @Test
        void shouldNameAPathVariableOfTheWrongType() {
            MvcTestResult result = mvc.get().uri("/bounded/not-a-uuid").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("parameter", "id", "message", "must be a UUID"));
        }

        @Test
        void shouldNameEveryParameterThatBreaksAConstraintByItsRequestName() {
            MvcTestResult result = mvc.get().uri("/bounded/" + java.util.UUID.randomUUID() + "?max-points=1&page=-1").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors[*].parameter").asArray().containsExactlyInAnyOrder("max-points", "page");
        }

        @Test
        void shouldAnswerAServicesOwnParameterRefusalLikeTheFrameworksOwn() {
            MvcTestResult result = mvc.get().uri("/refused").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-parameter");
            assertThat(result).bodyJson().extractingPath("$.errors[0]")
                .isEqualTo(Map.of("parameter", "to", "message", "the window may span at most PT24H"));
        }
    }

    @Nested
    class Bodies {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                {"name":"a","centre":{"lat":"north","lon":1}}                        | centre.lat    | must be a number
                {"name":"a","colour":"BLUE","centre":{"lat":1,"lon":1}}              | colour        | must be one of [RED, GREEN]
                {"name":"a","centre":"here"}                                         | centre        | must be an object
                {"name":"a","centre":{"lat":1,"lon":1},"corners":{"lat":1}}          | corners       | must be an array
                {"name":"a","centre":{"lat":1,"lon":1},"corners":[{"lat":1,"lon":1},{"lat":"x","lon":1}]} | corners[1].lat | must be a number
                """)
        void shouldNameTheFieldInPlainEnglishWhenAValueHasTheWrongType(String body, String field, String message) {
            MvcTestResult result = mvc.post().uri("/shapes").contentType(MediaType.APPLICATION_JSON).content(body).exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(java.util.List.of(Map.of("field", field, "message", message)));
        }

        @Test
        void shouldNameEveryFieldThatBreaksAConstraintSortedByName() {
            MvcTestResult result = mvc.post().uri("/shapes").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\" \",\"centre\":{\"lat\":91}}").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Invalid request body");
            assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("centre.lat", "centre.lon", "name");
            assertThat(result).bodyJson().doesNotHavePath("$.errors[0].parameter");
        }

        @Test
        void shouldAnswerAServicesOwnFieldRefusalLikeAConstraintViolation() {
            MvcTestResult result = mvc.post().uri("/reserved").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-body");
            assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("field", "name", "message", "'nearby' is reserved"));
        }

        @Test
        void shouldAnswerMalformedBodyWithoutTheParsersWordsWhenTheBodyIsNotJson() {
            MvcTestResult result = mvc.post().uri("/shapes").contentType(MediaType.APPLICATION_JSON).content("{not json").exchange();

            assertThat(result).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/malformed-body");
            assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("The request body is not valid JSON");
            assertThat(result).bodyText().doesNotContain("Exception").doesNotContain("jackson");
        }
    }

    @Nested
    class Failures {

        @Test
        void shouldAnswerAGeneric500WithoutInternalDetail() {
            MvcTestResult result = mvc.get().uri("/broken").exchange();

            assertThat(result).hasStatus(500).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/internal-error");
            assertThat(result).bodyText().doesNotContain("hunter2").doesNotContain("IllegalState");
        }

        @Test
        void shouldAnswer503WithRetryAfterWhenTheDatabaseDoesNotAnswer() {
            MvcTestResult result = mvc.get().uri("/database-down").exchange();

            assertThat(result).hasStatus(503).hasHeader("Retry-After", "5");
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/database-unavailable");
            assertThat(result).bodyText().doesNotContain("statement timeout");
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({ "GET, /nowhere, 404, not-found", "DELETE, /typed, 405, method-not-allowed" })
        void shouldGiveTheFrameworksOwnProblemsATypeToo(String method, String path, int status, String slug) {
            MvcTestResult result = mvc.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path).exchange();

            assertThat(result).hasStatus(status);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/" + slug);
        }

        @Test
        void shouldGiveUnsupportedMediaTypeATypeToo() {
            MvcTestResult result = mvc.post().uri("/shapes").contentType(MediaType.TEXT_PLAIN).content("x").exchange();

            assertThat(result).hasStatus(415);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/unsupported-media-type");
        }
    }
}
