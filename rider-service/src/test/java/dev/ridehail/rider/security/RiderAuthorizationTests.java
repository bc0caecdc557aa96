package dev.ridehail.rider.security;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import dev.ridehail.testing.TestIssuer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Who may call each endpoint, through the real filter chain with real RS256 tokens from {@link TestIssuer}: no token
 * 401, every kind of bad token 401 {@code invalid_token}, a token without the scope 403 {@code insufficient_scope},
 * another rider's data the same 404 as data that does not exist, and registry writes for admins only (nothing
 * written when refused, checked in the database).
 */
@RiderIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiderAuthorizationTests {

    static final String PROBLEMS = "https://ridehail.dev/problems/";

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** Registered, AVAILABLE, with a fresh position: every read about it succeeds for whoever may read it. */
    static final String RIDER = "sec-" + RUN;

    /** Exists nowhere: what a genuinely unknown rider answers. */
    static final String GHOST = "ghost-" + RUN;

    // Far from every other test's points, so nearby answers elsewhere do not change.
    static final double LAT = -41.29;

    static final double LON = 174.78;

    static final Endpoint LOCATION = new Endpoint("GET", "/api/v1/riders/" + RIDER + "/location", null, RIDER);

    static final Endpoint NEARBY = new Endpoint("GET", "/api/v1/riders/nearby?lat=" + LAT + "&lon=" + LON, null,
            RIDER);

    static final Endpoint FIND = new Endpoint("GET", "/api/v1/riders/" + RIDER, null, RIDER);

    static final Endpoint LIST = new Endpoint("GET", "/api/v1/riders?size=5", null, "\"items\"");

    static final Endpoint REGISTER = new Endpoint("POST", "/api/v1/riders",
            "{\"name\":\"N\",\"vehicleType\":\"CAR\",\"plate\":\"never " + RUN + "\"}", "\"riderId\"");

    static final Endpoint CHANGE_STATUS = new Endpoint("PUT", "/api/v1/riders/" + RIDER + "/status",
            "{\"status\":\"OFFLINE\"}", RIDER);

    static final List<Endpoint> ENDPOINTS = List.of(LOCATION, NEARBY, FIND, LIST, REGISTER, CHANGE_STATUS);

    @Autowired
    RiderTestSupport.Api api;

    @Autowired
    RiderTestSupport.Updates updates;

    @Autowired
    JdbcClient jdbc;

    /** A request, and what a successful answer to it contains. */
    record Endpoint(String method, String path, String body, String answerMark) {

        Response call(RiderTestSupport.Api api) {
            return switch (method) {
                case "GET" -> api.get(path);
                case "POST" -> api.post(path, body);
                case "PUT" -> api.put(path, body);
                default -> throw new IllegalArgumentException(method);
            };
        }

        @Override
        public String toString() {
            return method + " " + path.replace(RUN, "<run>");
        }
    }

    @BeforeAll
    void registerTheRiderWithAPosition() {
        assertThat(register(api, RIDER).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/riders/" + RIDER + "/status", "{\"status\":\"AVAILABLE\"}").status()).isEqualTo(200);
        updates.awaitConsumed(updates.send(RIDER, LAT, LON, Instant.now()));
    }

    static Response register(RiderTestSupport.Api api, String riderId) {
        return api.post("/api/v1/riders", """
                {"riderId":"%s","name":"N","vehicleType":"CAR","plate":"%s"}
                """.formatted(riderId, riderId));
    }

    static void assertProblem(Response response, int status, String slug) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo(PROBLEMS + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
    }

    static Stream<Endpoint> fleetReads() {
        return Stream.of(NEARBY, LIST);
    }

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    @Nested
    class WithoutAValidToken {

        @ParameterizedTest
        @MethodSource("dev.ridehail.rider.security.RiderAuthorizationTests#endpoints")
        void shouldAnswer401WithABearerChallengeWhenThereIsNoToken(Endpoint endpoint) {
            Response response = endpoint.call(api.withoutToken());

            assertProblem(response, 401, "unauthorized");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
        }

        /** A token the service must refuse, however good its scopes: each of the ways one fails validation. */
        record BadToken(String name, Function<TestIssuer, String> mint) {
        }

        static Stream<Arguments> badTokens() {
            List<BadToken> badTokens = List.of(new BadToken("expired", issuer -> issuer.expiredRiderToken(RIDER)),
                    new BadToken("not yet valid", issuer -> issuer.notYetValidRiderToken(RIDER)),
                    new BadToken("forged signature", issuer -> issuer.forgedRiderToken(RIDER)),
                    new BadToken("wrong audience", issuer -> issuer.wrongAudienceRiderToken(RIDER)),
                    new BadToken("wrong issuer", issuer -> issuer.wrongIssuerRiderToken(RIDER)),
                    new BadToken("alg none", issuer -> issuer.algNoneRiderToken(RIDER)),
                    new BadToken("malformed", TestIssuer::malformedToken));
            return ENDPOINTS.stream()
                .flatMap(endpoint -> badTokens.stream()
                    .map(bad -> argumentSet(endpoint + ", " + bad.name(), endpoint, bad)));
        }

        @ParameterizedTest
        @MethodSource("badTokens")
        void shouldAnswer401InvalidTokenWhenTheTokenDoesNotValidate(Endpoint endpoint, BadToken badToken) {
            Response response = endpoint.call(api.withToken(badToken.mint().apply(TestIssuer.shared())));

            assertProblem(response, 401, "invalid-token");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
        }
    }

    @Nested
    class Reads {

        static Stream<Arguments> rules() {
            return Stream.of(
                    argumentSet("location: the rider itself", LOCATION, Callers.THE_RIDER, 200, null),
                    argumentSet("location: another rider", LOCATION, Callers.ANOTHER_RIDER, 404, "position-not-found"),
                    argumentSet("location: a token without scopes", LOCATION, Callers.NO_SCOPE, 403, "insufficient-scope"),
                    argumentSet("location: an operator", LOCATION, Callers.OPERATOR, 200, null),
                    argumentSet("location: an admin", LOCATION, Callers.ADMIN, 200, null),
                    argumentSet("nearby: a rider", NEARBY, Callers.THE_RIDER, 403, "insufficient-scope"),
                    argumentSet("nearby: an operator", NEARBY, Callers.OPERATOR, 200, null),
                    argumentSet("nearby: an admin", NEARBY, Callers.ADMIN, 200, null),
                    argumentSet("rider: the rider itself", FIND, Callers.THE_RIDER, 200, null),
                    argumentSet("rider: another rider", FIND, Callers.ANOTHER_RIDER, 404, "rider-not-found"),
                    argumentSet("rider: a token without scopes", FIND, Callers.NO_SCOPE, 403, "insufficient-scope"),
                    argumentSet("rider: an operator", FIND, Callers.OPERATOR, 200, null),
                    argumentSet("rider: an admin", FIND, Callers.ADMIN, 200, null),
                    argumentSet("list: a rider", LIST, Callers.THE_RIDER, 403, "insufficient-scope"),
                    argumentSet("list: an operator", LIST, Callers.OPERATOR, 200, null),
                    argumentSet("list: an admin", LIST, Callers.ADMIN, 200, null));
        }

        @ParameterizedTest
        @MethodSource("rules")
        void shouldAnswerAsTheScopeAndTheOwnershipAllow(Endpoint endpoint, Callers caller, int status, String slug) {
            Response response = endpoint.call(api.withToken(caller.tokenAbout(RIDER)));

            if (slug == null) {
                assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
                assertThat(response.raw().body()).contains(endpoint.answerMark());
            }
            else {
                assertProblem(response, status, slug);
                assertThat(response.raw().body()).doesNotContain("\"lat\"", "\"name\"");
            }
            if (status == 403) {
                assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
            }
        }

        /** HEAD runs the GET handler and tells the body's length: it needs the same scope. */
        @ParameterizedTest
        @MethodSource("dev.ridehail.rider.security.RiderAuthorizationTests#fleetReads")
        void shouldRefuseARiderTheHeadOfAFleetRead(Endpoint endpoint) {
            Response rider = api.withToken(Callers.THE_RIDER.tokenAbout(RIDER)).head(endpoint.path());
            Response operator = api.withToken(Callers.OPERATOR.tokenAbout(RIDER)).head(endpoint.path());

            assertThat(rider.status()).isEqualTo(403);
            assertThat(rider.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
            assertThat(operator.status()).isEqualTo(200);
        }

        static Stream<Arguments> ownedReads() {
            return Stream.of(argumentSet("location", "/location"), argumentSet("rider", ""));
        }

        /** Nothing in the answer tells a rider whether someone else's id exists. */
        @ParameterizedTest
        @MethodSource("ownedReads")
        void shouldAnswerAnotherRidersDataExactlyAsDataThatDoesNotExist(String suffix) {
            Response forbidden = api.withToken(Callers.ANOTHER_RIDER.tokenAbout(RIDER))
                .get("/api/v1/riders/" + RIDER + suffix);
            Response unknown = api.get("/api/v1/riders/" + GHOST + suffix);

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(forbidden.status()).isEqualTo(unknown.status());
            assertThat(forbidden.header("Content-Type")).isEqualTo(unknown.header("Content-Type"));
            assertThat(forbidden.raw().body().replace(RIDER, "<id>"))
                .isEqualTo(unknown.raw().body().replace(GHOST, "<id>"));
        }
    }

    @Nested
    class Writes {

        @ParameterizedTest
        @EnumSource(names = { "NOBODY", "THE_RIDER", "NO_SCOPE", "OPERATOR" })
        void shouldRegisterNothingUnlessTheCallerIsAnAdmin(Callers caller) {
            String riderId = "refused-" + UUID.randomUUID().toString().substring(0, 8);

            Response response = register(api.withToken(caller.tokenAbout(riderId)), riderId);

            assertProblem(response, caller == Callers.NOBODY ? 401 : 403,
                    caller == Callers.NOBODY ? "unauthorized" : "insufficient-scope");
            assertThat(jdbc.sql("SELECT count(*) FROM riders WHERE rider_id = ?").param(riderId).query(Long.class)
                .single()).isZero();
        }

        @ParameterizedTest
        @EnumSource(names = { "NOBODY", "THE_RIDER", "NO_SCOPE", "OPERATOR" })
        void shouldChangeNoStatusUnlessTheCallerIsAnAdmin(Callers caller) {
            Response response = CHANGE_STATUS.call(api.withToken(caller.tokenAbout(RIDER)));

            assertProblem(response, caller == Callers.NOBODY ? 401 : 403,
                    caller == Callers.NOBODY ? "unauthorized" : "insufficient-scope");
            assertThat(status(RIDER)).isEqualTo("AVAILABLE");
        }

        @Test
        void shouldLetAnAdminRegisterAndChangeStatus() {
            String riderId = "by-admin-" + UUID.randomUUID().toString().substring(0, 8);
            RiderTestSupport.Api admin = api.withToken(TestIssuer.shared().adminToken());

            assertThat(register(admin, riderId).status()).isEqualTo(201);
            assertThat(admin.put("/api/v1/riders/" + riderId + "/status", "{\"status\":\"ON_TRIP\"}").status())
                .isEqualTo(200);
            assertThat(status(riderId)).isEqualTo("ON_TRIP");
        }

        String status(String riderId) {
            return jdbc.sql("SELECT status FROM riders WHERE rider_id = ?").param(riderId).query(String.class).single();
        }
    }
}
