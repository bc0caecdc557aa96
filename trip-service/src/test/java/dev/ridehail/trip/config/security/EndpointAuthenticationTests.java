package dev.ridehail.trip.config.security;

import dev.ridehail.testing.TestIssuer;
import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every API endpoint refuses a request without a token (401 {@code unauthorized}), with a token that fails validation
 * (401 {@code invalid-token}) and with a good token lacking the endpoint's scope (403 {@code insufficient-scope}),
 * each with its RFC 6750 challenge and a problem body, and no refused write changes anything. Who may see whose data
 * is {@code TripSecurityTests}' and {@code TrackSecurityTests}'.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointAuthenticationTests extends IntegrationTest {

    private static final String RIDER = uniqueRider("auth");

    /** Created by the admin; the refused moves must leave it REQUESTED. */
    private String tripId;

    record Endpoint(String method, String path) {

        String name() {
            return method + " " + path.replace("{trip}", "{id}");
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(new Endpoint("GET", "/api/v1/riders/" + RIDER + "/track"),
            new Endpoint("POST", "/api/v1/trips"), new Endpoint("POST", "/api/v1/trips/{trip}/start"),
            new Endpoint("POST", "/api/v1/trips/{trip}/complete"), new Endpoint("POST", "/api/v1/trips/{trip}/cancel"),
            new Endpoint("GET", "/api/v1/trips/{trip}"), new Endpoint("GET", "/api/v1/trips/{trip}/route"),
            new Endpoint("GET", "/api/v1/trips"), new Endpoint("GET", "/api/v1/trips?riderId=" + RIDER),
            new Endpoint("GET", "/api/v1/consumer/assignments"));

    static final Map<String, Function<TestIssuer, String>> INVALID_TOKENS = Map.of(
            "an expired token", issuer -> issuer.expiredRiderToken(RIDER),
            "a token not valid yet", issuer -> issuer.notYetValidRiderToken(RIDER),
            "a token for another audience", issuer -> issuer.wrongAudienceRiderToken(RIDER),
            "a token of another issuer", issuer -> issuer.wrongIssuerRiderToken(RIDER),
            "a forged signature", issuer -> issuer.forgedRiderToken(RIDER),
            "an unsigned token (alg none)", issuer -> issuer.algNoneRiderToken(RIDER),
            "a malformed token", TestIssuer::malformedToken);

    @BeforeAll
    void createTheTrip() {
        Response created = post("/api/v1/trips", tripRequest(RIDER));
        assertThat(created.status()).isEqualTo(201);
        tripId = created.json().get("id").asString();
    }

    static Stream<Arguments> endpointsWithInvalidTokens() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            INVALID_TOKENS.forEach((name, token) -> cases.add(argumentSet(endpoint.name() + " with " + name, endpoint,
                    token)));
        }
        return cases.stream();
    }

    static Stream<Arguments> endpoints() {
        return ENDPOINTS.stream().map(endpoint -> argumentSet(endpoint.name(), endpoint));
    }

    /** A valid token of the request's own rider whose scopes miss what the endpoint needs. */
    static Stream<Arguments> endpointsWithUnfittingScopes() {
        String deviceOnly = "location:write";
        return Stream.of(argumentSet("track with location:write only", ENDPOINTS.get(0), deviceOnly),
                argumentSet("track with trip:write only", ENDPOINTS.get(0), "trip:write"),
                argumentSet("create with location:write only", ENDPOINTS.get(1), deviceOnly),
                argumentSet("create with self:read only", ENDPOINTS.get(1), "self:read"),
                argumentSet("start with self:read only", ENDPOINTS.get(2), "self:read"),
                argumentSet("complete with self:read fleet:read", ENDPOINTS.get(3), "self:read fleet:read"),
                argumentSet("cancel with location:write only", ENDPOINTS.get(4), deviceOnly),
                argumentSet("trip with trip:write only", ENDPOINTS.get(5), "trip:write"),
                argumentSet("route with location:write only", ENDPOINTS.get(6), deviceOnly),
                argumentSet("whole trip list with a rider's scopes", ENDPOINTS.get(7), TestIssuer.RIDER_SCOPE),
                argumentSet("own trip list with trip:write only", ENDPOINTS.get(8), "trip:write"),
                argumentSet("assignments with a rider's scopes", ENDPOINTS.get(9), TestIssuer.RIDER_SCOPE),
                argumentSet("track with no scope at all", ENDPOINTS.get(0), ""));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void shouldAnswer401WithABearerChallengeWithoutAToken(Endpoint endpoint) {
        Response response = call(endpoint, null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="));
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("endpointsWithInvalidTokens")
    void shouldAnswer401InvalidTokenForATokenThatFailsValidation(Endpoint endpoint,
            Function<TestIssuer, String> token) {
        Response response = call(endpoint, token.apply(issuer()));

        assertProblem(response, 401, "invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("endpointsWithUnfittingScopes")
    void shouldAnswer403InsufficientScopeForAGoodTokenWithoutTheScope(Endpoint endpoint, String scope) {
        Response response = call(endpoint, issuer().token(RIDER, scope, TestIssuer.DEFAULT_DEVICE,
                Duration.ofMinutes(5)));

        assertProblem(response, 403, "insufficient-scope");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        assertNothingChanged();
    }

    private Response call(Endpoint endpoint, String token) {
        String path = endpoint.path().replace("{trip}", tripId);
        if (endpoint.method().equals("GET")) {
            return get(path, token);
        }
        return post(path, path.equals("/api/v1/trips") ? tripRequest(RIDER) : null, token);
    }

    private void assertNothingChanged() {
        assertThat(jdbc.sql("SELECT count(*) FROM trips WHERE rider_id = ?").param(RIDER).query(Long.class).single())
            .as("only the trip the admin created")
            .isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM trips WHERE id = ?").param(UUID.fromString(tripId))
            .query(String.class)
            .single()).isEqualTo("REQUESTED");
    }

    static void assertProblem(Response response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://ridehail.dev/problems/" + slug);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    static Map<String, Object> tripRequest(String riderId) {
        return Map.of("riderId", riderId, "pickup", Map.of("lat", 52.52, "lon", 13.405), "dropoff",
                Map.of("lat", 52.50, "lon", 13.45));
    }
}
