package dev.ridehail.trip.trip;

import dev.ridehail.testing.TestIssuer;
import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Whose trips a token may create, move, read and list, through the real HTTP API and PostgreSQL: a rider only its
 * own (another rider's trip answers exactly as an unknown id), operators and admins every rider's. Refused writes are
 * shown to have stored nothing by reading the database. Tokens without the scope at all are
 * {@code EndpointAuthenticationTests}'.
 */
class TripSecurityTests extends IntegrationTest {

    private static final String PROBLEMS = "https://ridehail.dev/problems/";

    /** Who sends the request: the trip's own rider, another rider, or the fleet. */
    enum Sender {
        OWN_RIDER, OTHER_RIDER, OPERATOR, ADMIN;

        String token(String owner, String other) {
            TestIssuer issuer = TestIssuer.shared();
            return switch (this) {
                case OWN_RIDER -> issuer.riderToken(owner);
                case OTHER_RIDER -> issuer.riderToken(other);
                case OPERATOR -> issuer.operatorToken();
                case ADMIN -> issuer.adminToken();
            };
        }
    }

    /** Whom a create request's body names. */
    enum Named {
        OWN_RIDER, OTHER_RIDER, NOBODY
    }

    String owner;

    String other;

    @BeforeEach
    void riders() {
        owner = uniqueRider("owner");
        other = uniqueRider("other");
    }

    private static Map<String, Object> tripRequest(UUID tripId, String riderId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("tripId", tripId.toString());
        if (riderId != null) {
            request.put("riderId", riderId);
        }
        request.put("pickup", Map.of("lat", 52.52, "lon", 13.405));
        request.put("dropoff", Map.of("lat", 52.50, "lon", 13.45));
        return request;
    }

    /** A trip of {@code riderId}, created by the admin, moved through {@code steps}. */
    private UUID tripOf(String riderId, String... steps) {
        UUID id = UUID.randomUUID();
        assertThat(post("/api/v1/trips", tripRequest(id, riderId)).status()).isEqualTo(201);
        for (String step : steps) {
            assertThat(post("/api/v1/trips/" + id + "/" + step, null).status()).isEqualTo(200);
        }
        return id;
    }

    private String storedStatus(UUID id) {
        return jdbc.sql("SELECT status FROM trips WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    private long tripsOf(String riderId) {
        return jdbc.sql("SELECT count(*) FROM trips WHERE rider_id = ?").param(riderId).query(Long.class).single();
    }

    private static void assertProblem(Response response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo(PROBLEMS + slug);
    }

    @Nested
    class Create {

        static Stream<Arguments> creates() {
            return Stream.of(argumentSet("a rider for itself", Sender.OWN_RIDER, Named.OWN_RIDER, 201, null),
                    argumentSet("a rider naming no rider gets its own", Sender.OWN_RIDER, Named.NOBODY, 201, null),
                    argumentSet("a rider for another rider", Sender.OWN_RIDER, Named.OTHER_RIDER, 403,
                            "forbidden-rider"),
                    argumentSet("an operator for any rider", Sender.OPERATOR, Named.OTHER_RIDER, 201, null),
                    argumentSet("an admin for any rider", Sender.ADMIN, Named.OWN_RIDER, 201, null),
                    argumentSet("an operator naming no rider", Sender.OPERATOR, Named.NOBODY, 400, "invalid-body"));
        }

        @ParameterizedTest
        @MethodSource("creates")
        void shouldCreateOnlyWhatTheTokenMayCreate(Sender sender, Named named, int status, String slug) {
            UUID id = UUID.randomUUID();
            String riderId = switch (named) {
                case OWN_RIDER -> owner;
                case OTHER_RIDER -> other;
                case NOBODY -> null;
            };

            Response response = post("/api/v1/trips", tripRequest(id, riderId), sender.token(owner, other));

            if (slug == null) {
                assertThat(response.status()).as(response.body()).isEqualTo(status);
                String expectedRider = riderId != null ? riderId : owner;
                assertThat(response.json().get("riderId").asString()).isEqualTo(expectedRider);
                assertThat(jdbc.sql("SELECT rider_id FROM trips WHERE id = ?").param(id).query(String.class).single())
                    .isEqualTo(expectedRider);
                return;
            }
            assertProblem(response, status, slug);
            assertThat(storedStatus(id)).as("nothing stored").isNull();
            assertThat(tripsOf(owner) + tripsOf(other)).isZero();
        }

        @Test
        void shouldNameTheRiderItRefusedAndTheMissingField() {
            Response forbidden = post("/api/v1/trips", tripRequest(UUID.randomUUID(), other),
                    issuer().riderToken(owner));
            assertThat(forbidden.json().get("riderId").asString()).isEqualTo(other);

            Response missing = post("/api/v1/trips", tripRequest(UUID.randomUUID(), null), issuer().operatorToken());
            assertThat(missing.json().get("errors")).hasSize(1);
            assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("riderId");
            assertThat(missing.json().get("errors").get(0).get("message").asString()).isEqualTo("must not be null");
        }

        @Test
        void shouldRefuseAnotherRiderBeforeLookingAtTheTripId() {
            UUID taken = tripOf(other);

            Response response = post("/api/v1/trips", tripRequest(taken, other), issuer().riderToken(owner));

            // 403 for naming another rider whatever the id, never the 409 that would say the id is taken
            assertProblem(response, 403, "forbidden-rider");
            assertThat(storedStatus(taken)).isEqualTo("REQUESTED");
            assertThat(tripsOf(other)).isEqualTo(1);
            assertThat(tripsOf(owner)).isZero();
        }
    }

    @Nested
    class Transitions {

        static Stream<Arguments> moves() {
            List<String> none = List.of();
            List<String> started = List.of("start");
            return Stream.of(argumentSet("start by the own rider", "start", Sender.OWN_RIDER, none, 200, "STARTED"),
                    argumentSet("start by another rider", "start", Sender.OTHER_RIDER, none, 404, "REQUESTED"),
                    argumentSet("start by an operator", "start", Sender.OPERATOR, none, 200, "STARTED"),
                    argumentSet("complete by the own rider", "complete", Sender.OWN_RIDER, started, 200, "COMPLETED"),
                    argumentSet("complete by another rider", "complete", Sender.OTHER_RIDER, started, 404, "STARTED"),
                    argumentSet("complete by an admin", "complete", Sender.ADMIN, started, 200, "COMPLETED"),
                    argumentSet("an illegal complete by the own rider", "complete", Sender.OWN_RIDER, none, 409,
                            "REQUESTED"),
                    argumentSet("an illegal complete by another rider", "complete", Sender.OTHER_RIDER, none, 404,
                            "REQUESTED"),
                    argumentSet("cancel by the own rider", "cancel", Sender.OWN_RIDER, none, 200, "CANCELLED"),
                    argumentSet("cancel by another rider", "cancel", Sender.OTHER_RIDER, started, 404, "STARTED"),
                    argumentSet("cancel by an operator", "cancel", Sender.OPERATOR, started, 200, "CANCELLED"));
        }

        @ParameterizedTest
        @MethodSource("moves")
        void shouldMoveOnlyTripsTheTokenMayMove(String action, Sender sender, List<String> before, int status,
                String storedAfter) {
            UUID id = tripOf(owner, before.toArray(String[]::new));

            Response response = post("/api/v1/trips/" + id + "/" + action, null, sender.token(owner, other));

            assertThat(response.status()).as(response.body()).isEqualTo(status);
            if (status == 404) {
                assertProblem(response, 404, "trip-not-found");
            }
            assertThat(storedStatus(id)).isEqualTo(storedAfter);
        }
    }

    @Nested
    class Reads {

        static Stream<Arguments> reads() {
            return Stream.of(argumentSet("trip by the own rider", "", Sender.OWN_RIDER, 200),
                    argumentSet("trip by another rider", "", Sender.OTHER_RIDER, 404),
                    argumentSet("trip by an operator", "", Sender.OPERATOR, 200),
                    argumentSet("trip by an admin", "", Sender.ADMIN, 200),
                    argumentSet("route by the own rider", "/route", Sender.OWN_RIDER, 200),
                    argumentSet("route by another rider", "/route", Sender.OTHER_RIDER, 404),
                    argumentSet("route by an operator", "/route", Sender.OPERATOR, 200));
        }

        @ParameterizedTest
        @MethodSource("reads")
        void shouldShowOnlyTripsTheTokenMaySee(String suffix, Sender sender, int status) {
            UUID id = tripOf(owner);

            Response response = get("/api/v1/trips/" + id + suffix, sender.token(owner, other));

            assertThat(response.status()).as(response.body()).isEqualTo(status);
            if (status == 404) {
                assertProblem(response, 404, "trip-not-found");
                assertThat(response.body()).doesNotContain(owner);
                return;
            }
            JsonNode riderId = suffix.isEmpty() ? response.json().get("riderId")
                    : response.json().get("properties").get("riderId");
            assertThat(riderId.asString()).isEqualTo(owner);
        }

        /** Status, headers that matter and the whole body alike, but for the id itself: nothing to probe. */
        @ParameterizedTest
        @ValueSource(strings = { "GET /", "GET /route", "POST /start", "POST /complete", "POST /cancel" })
        void shouldAnswerAnotherRidersTripExactlyAsAnUnknownOne(String request) {
            String method = request.substring(0, request.indexOf(' '));
            String suffix = request.substring(request.indexOf('/') + 1);
            UUID others = tripOf(other);
            UUID unknown = UUID.randomUUID();
            String token = issuer().riderToken(owner);

            Response forOthers = call(method, others, suffix, token);
            Response forUnknown = call(method, unknown, suffix, token);

            assertThat(forOthers.status()).isEqualTo(404).isEqualTo(forUnknown.status());
            assertThat(forOthers.contentType()).isEqualTo(forUnknown.contentType());
            assertThat(forOthers.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(forOthers.body().replace(others.toString(), "{id}"))
                .isEqualTo(forUnknown.body().replace(unknown.toString(), "{id}"));
            assertThat(storedStatus(others)).isEqualTo("REQUESTED");
        }

        private Response call(String method, UUID id, String suffix, String token) {
            String path = "/api/v1/trips/" + id + (suffix.isEmpty() ? "" : "/" + suffix);
            return method.equals("GET") ? get(path, token) : post(path, null, token);
        }
    }

    @Nested
    class Listing {

        static Stream<Arguments> lists() {
            return Stream.of(argumentSet("a rider filtering by itself", Sender.OWN_RIDER, "riderId={owner}", 200, 2),
                    argumentSet("a rider filtering by itself and a status", Sender.OWN_RIDER,
                            "riderId={owner}&status=STARTED", 200, 1),
                    argumentSet("a rider filtering by another rider", Sender.OWN_RIDER, "riderId={other}", 403, 0),
                    argumentSet("a rider without a rider filter", Sender.OWN_RIDER, "", 403, 0),
                    argumentSet("a rider filtering by status only", Sender.OWN_RIDER, "status=REQUESTED", 403, 0),
                    argumentSet("an operator filtering by any rider", Sender.OPERATOR, "riderId={other}", 200, 1),
                    argumentSet("an admin filtering by any rider", Sender.ADMIN, "riderId={owner}", 200, 2));
        }

        @ParameterizedTest
        @MethodSource("lists")
        void shouldListOnlyWhatTheTokenMayList(Sender sender, String query, int status, int trips) {
            tripOf(owner);
            tripOf(owner, "start");
            tripOf(other);

            Response response = get("/api/v1/trips?" + query.replace("{owner}", owner).replace("{other}", other),
                    sender.token(owner, other));

            assertThat(response.status()).as(response.body()).isEqualTo(status);
            if (status == 200) {
                assertThat(response.json().get("content").findValuesAsString("riderId")).hasSize(trips)
                    .allMatch(riderId -> riderId.equals(query.contains("{other}") ? other : owner));
                return;
            }
            if (query.contains("riderId")) {
                assertProblem(response, 403, "forbidden-rider");
                assertThat(response.json().get("riderId").asString()).isEqualTo(other);
            }
            else {
                assertProblem(response, 403, "insufficient-scope");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
            }
        }

        @Test
        void shouldListEveryRiderForAnOperator() {
            tripOf(owner);
            tripOf(other);

            Response response = get("/api/v1/trips?size=100", issuer().operatorToken());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("content").findValuesAsString("riderId")).contains(owner, other);
        }
    }
}
