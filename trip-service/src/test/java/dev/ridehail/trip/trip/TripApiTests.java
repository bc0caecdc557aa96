package dev.ridehail.trip.trip;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class TripApiTests extends IntegrationTest {

    // Hand-computed: one hundredth of a degree of a great circle of radius 6,371,008.8 m is
    // pi * 6371008.8 * 0.01 / 180 = 1111.9508 m; the test route is three such legs (the third, along the parallel at
    // 0.01 degrees north, shorter by a factor cos(0.01 deg) = 0.99999998, which is far below 1%).
    private static final double LEG_M = 1111.9508;

    private static final double[][] ROUTE = { { 0.0, 0.0 }, { 0.0, 0.01 }, { 0.01, 0.01 }, { 0.01, 0.02 } };

    private Map<String, Object> tripRequest(String riderId, UUID tripId) {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        if (tripId != null) {
            request.put("tripId", tripId.toString());
        }
        request.put("riderId", riderId);
        request.put("pickup", Map.of("lat", 52.52, "lon", 13.405));
        request.put("dropoff", Map.of("lat", 52.50, "lon", 13.45));
        return request;
    }

    private JsonNode createTrip(String riderId) {
        Response created = post("/api/v1/trips", tripRequest(riderId, null));
        assertThat(created.status()).isEqualTo(201);
        return created.json();
    }

    private void publishRoute(String rider, UUID tripId, Instant start, int... indexes) {
        for (int i : indexes) {
            publishUpdate(update(UUID.nameUUIDFromBytes((tripId + "-" + i).getBytes()), rider, tripId, ROUTE[i][0],
                    ROUTE[i][1], start.plusSeconds(10L * i)));
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void shouldCreateATripWithLocationAndWalkItThroughToCompleted() {
            String rider = uniqueRider("life");
            Response created = post("/api/v1/trips", tripRequest(rider, null));

            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("id").asString();
            assertThat(created.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/api/v1/trips/" + id);
            assertThat(created.json().get("status").asString()).isEqualTo("REQUESTED");
            assertThat(created.json().get("pointCount").asLong()).isZero();
            assertThat(created.json().get("durationSeconds").isNull()).isTrue();

            Response started = post("/api/v1/trips/" + id + "/start", null);
            assertThat(started.status()).isEqualTo(200);
            assertThat(started.json().get("status").asString()).isEqualTo("STARTED");
            assertThat(started.json().get("startedAt").isNull()).isFalse();

            Response completed = post("/api/v1/trips/" + id + "/complete", null);
            assertThat(completed.status()).isEqualTo(200);
            assertThat(completed.json().get("status").asString()).isEqualTo("COMPLETED");
            assertThat(completed.json().get("durationSeconds").asDouble()).isGreaterThanOrEqualTo(0);

            Response fetched = get("/api/v1/trips/" + id);
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.json().get("completedAt").asString()).isEqualTo(completed.json().get("completedAt").asString());
            assertThat(fetched.json().get("pickup").get("lat").asDouble()).isEqualTo(52.52);
        }

        @Test
        void shouldCancelARequestedOrStartedTrip() {
            String requested = createTrip(uniqueRider("cancel")).get("id").asString();
            String started = createTrip(uniqueRider("cancel")).get("id").asString();
            post("/api/v1/trips/" + started + "/start", null);

            assertThat(post("/api/v1/trips/" + requested + "/cancel", null).json().get("status").asString()).isEqualTo("CANCELLED");
            Response cancelled = post("/api/v1/trips/" + started + "/cancel", null);
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.json().get("cancelledAt").isNull()).isFalse();
        }

        @ParameterizedTest
        @MethodSource("dev.ridehail.trip.trip.TripApiTests#illegalTransitions")
        void shouldAnswerConflictForAnIllegalTransition(List<String> before, String action) {
            String id = createTrip(uniqueRider("illegal")).get("id").asString();
            before.forEach(step -> assertThat(post("/api/v1/trips/" + id + "/" + step, null).status()).isEqualTo(200));

            Response response = post("/api/v1/trips/" + id + "/" + action, null);

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asString()).contains("cannot become");
            assertThat(response.json().get("type").asString()).isEqualTo("https://ridehail.dev/problems/illegal-trip-transition");
        }

        @ParameterizedTest
        @ValueSource(strings = { "start", "complete", "cancel" })
        void shouldAnswerNotFoundForAnUnknownTrip(String action) {
            Response response = post("/api/v1/trips/" + UUID.randomUUID() + "/" + action, null);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(get("/api/v1/trips/" + UUID.randomUUID()).status()).isEqualTo(404);
        }

        @Test
        void shouldAnswerConflictWhenTheSuppliedTripIdExists() {
            UUID id = UUID.randomUUID();
            assertThat(post("/api/v1/trips", tripRequest(uniqueRider("dupe"), id)).status()).isEqualTo(201);

            assertThat(post("/api/v1/trips", tripRequest(uniqueRider("dupe"), id)).status()).isEqualTo(409);
        }
    }

    static Stream<Arguments> illegalTransitions() {
        return Stream.of(argumentSet("complete a requested trip", List.of(), "complete"),
                argumentSet("start a started trip", List.of("start"), "start"),
                argumentSet("start a completed trip", List.of("start", "complete"), "start"),
                argumentSet("cancel a completed trip", List.of("start", "complete"), "cancel"),
                argumentSet("start a cancelled trip", List.of("cancel"), "start"),
                argumentSet("complete a cancelled trip", List.of("cancel"), "complete"));
    }

    @Nested
    class Aggregates {

        @Test
        void shouldServeTheRouteAsGeoJsonWithTheHaversineDistanceOfThePublishedUpdates() {
            String rider = uniqueRider("route");
            UUID tripId = UUID.fromString(createTrip(rider).get("id").asString());
            post("/api/v1/trips/" + tripId + "/start", null);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
            publishRoute(rider, tripId, start, 0, 1, 2, 3);

            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/api/v1/trips/" + tripId).json().get("pointCount").asLong()).isEqualTo(4));
            JsonNode trip = get("/api/v1/trips/" + tripId).json();
            assertThat(trip.get("distanceMeters").asDouble()).isCloseTo(3 * LEG_M, within(3 * LEG_M * 0.01));
            assertThat(trip.get("firstPosition").get("lon").asDouble()).isEqualTo(0.0);
            assertThat(trip.get("lastPosition").get("lon").asDouble()).isEqualTo(0.02);

            Response route = get("/api/v1/trips/" + tripId + "/route");
            assertThat(route.status()).isEqualTo(200);
            assertThat(route.contentType()).startsWith("application/geo+json");
            assertThat(route.json().get("type").asString()).isEqualTo("Feature");
            assertThat(route.json().get("geometry").get("type").asString()).isEqualTo("LineString");
            List<double[]> coordinates = coordinates(route.json());
            assertThat(coordinates).containsExactly(new double[] { 0.0, 0.0 }, new double[] { 0.01, 0.0 },
                    new double[] { 0.01, 0.01 }, new double[] { 0.02, 0.01 });
            assertThat(lineLength(coordinates)).isCloseTo(3 * LEG_M, within(3 * LEG_M * 0.01));
            assertThat(route.json().get("properties").get("distanceMeters").asDouble())
                .isCloseTo(3 * LEG_M, within(3 * LEG_M * 0.01));

            Response downsampled = get("/api/v1/trips/" + tripId + "/route?maxPoints=2");
            assertThat(coordinates(downsampled.json())).containsExactly(new double[] { 0.0, 0.0 }, new double[] { 0.02, 0.01 });
        }

        @Test
        void shouldRecomputeTheDistanceWhenAPointArrivesOutOfOrder() {
            String rider = uniqueRider("late");
            UUID tripId = UUID.fromString(createTrip(rider).get("id").asString());
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
            publishRoute(rider, tripId, start, 0, 1, 3);
            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/api/v1/trips/" + tripId).json().get("pointCount").asLong()).isEqualTo(3));

            publishRoute(rider, tripId, start, 2);

            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/api/v1/trips/" + tripId).json().get("pointCount").asLong()).isEqualTo(4));
            assertThat(get("/api/v1/trips/" + tripId).json().get("distanceMeters").asDouble())
                .isCloseTo(3 * LEG_M, within(3 * LEG_M * 0.01));
        }

        @Test
        void shouldAttachPointsPublishedBeforeTheTripExisted() {
            String rider = uniqueRider("early");
            UUID tripId = UUID.randomUUID();
            publishRoute(rider, tripId, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60), 0, 1, 2, 3);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyRows(rider)).isEqualTo(4));

            Response created = post("/api/v1/trips", tripRequest(rider, tripId));

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("pointCount").asLong()).isEqualTo(4);
            assertThat(created.json().get("distanceMeters").asDouble()).isCloseTo(3 * LEG_M, within(3 * LEG_M * 0.01));
        }

        @Test
        void shouldAnswerANullGeometryForATripWithoutPoints() {
            String id = createTrip(uniqueRider("empty")).get("id").asString();

            Response route = get("/api/v1/trips/" + id + "/route");

            assertThat(route.status()).isEqualTo(200);
            assertThat(route.json().get("geometry").isNull()).isTrue();
            assertThat(route.json().get("properties").get("pointCount").asLong()).isZero();
        }

        private List<double[]> coordinates(JsonNode feature) {
            List<double[]> coordinates = new ArrayList<>();
            feature.get("geometry").get("coordinates")
                .forEach(p -> coordinates.add(new double[] { p.get(0).asDouble(), p.get(1).asDouble() }));
            return coordinates;
        }

        // independent of the service's implementation: GeoJSON positions are [lon, lat]
        private double lineLength(List<double[]> lonLat) {
            double total = 0;
            for (int i = 1; i < lonLat.size(); i++) {
                double lat1 = Math.toRadians(lonLat.get(i - 1)[1]);
                double lat2 = Math.toRadians(lonLat.get(i)[1]);
                double dLat = lat2 - lat1;
                double dLon = Math.toRadians(lonLat.get(i)[0] - lonLat.get(i - 1)[0]);
                double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                        + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
                total += 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
            }
            return total;
        }
    }

    @Nested
    class Search {

        @Test
        void shouldListARidersTripsNewestFirstWithStatusFilterAndPages() {
            String rider = uniqueRider("list");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(createTrip(rider).get("id").asString());
            }
            post("/api/v1/trips/" + ids.get(1) + "/start", null);
            post("/api/v1/trips/" + ids.get(3) + "/start", null);

            JsonNode firstPage = get("/api/v1/trips?riderId=" + rider + "&page=0&size=2").json();
            assertThat(firstPage.get("totalElements").asLong()).isEqualTo(5);
            assertThat(firstPage.get("totalPages").asInt()).isEqualTo(3);
            assertThat(firstPage.get("content").findValuesAsString("id")).containsExactly(ids.get(4), ids.get(3));
            JsonNode lastPage = get("/api/v1/trips?riderId=" + rider + "&page=2&size=2").json();
            assertThat(lastPage.get("content").findValuesAsString("id")).containsExactly(ids.get(0));

            JsonNode started = get("/api/v1/trips?riderId=" + rider + "&status=STARTED").json();
            assertThat(started.get("content").findValuesAsString("id")).containsExactly(ids.get(3), ids.get(1));
        }

        @Test
        void shouldFilterByRequestTimeWindow() {
            String rider = uniqueRider("window");
            String id = createTrip(rider).get("id").asString();
            Instant requestedAt = Instant.parse(get("/api/v1/trips/" + id).json().get("requestedAt").asString());

            assertThat(get("/api/v1/trips?riderId=" + rider + "&from=" + requestedAt.minusSeconds(1) + "&to="
                    + requestedAt.plusSeconds(1)).json().get("totalElements").asLong()).isEqualTo(1);
            assertThat(get("/api/v1/trips?riderId=" + rider + "&from=" + requestedAt.plusSeconds(1)).json()
                .get("totalElements").asLong()).isZero();
        }

        @Test
        void shouldCapThePageSize() {
            JsonNode page = get("/api/v1/trips?size=100000").json();

            assertThat(page.get("size").asInt()).isEqualTo(100);
        }

        @ParameterizedTest
        @MethodSource("dev.ridehail.trip.trip.TripApiTests#invalidSearches")
        void shouldRejectABadParameterWithAProblemNamingIt(String query, String parameter) {
            Response response = get("/api/v1/trips?" + query);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").findValuesAsString("parameter")).contains(parameter);
        }
    }

    // The other bad parameters are TripControllerSliceTests'; this one is the service's own rule.
    static Stream<Arguments> invalidSearches() {
        return Stream.of(argumentSet("from after to", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from"));
    }

    @Nested
    class Route {

        @Test
        void shouldAnswerNotFoundForAnUnknownTrip() {
            Response response = get("/api/v1/trips/" + UUID.randomUUID() + "/route");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }
}
