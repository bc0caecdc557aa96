package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected distances are computed by hand on the mean Earth radius R = 6 371 008.8 m (the one radius both services use,
 * {@code dev.ridehail.contract.Earth}): great-circle distance d = 2R·asin(√(sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2)))
 * (haversine). Riders are placed due north or south of the centre (Δλ = 0), where this reduces to d = R·|Δφ| in radians:
 * one degree of latitude is 6 371 008.8 × π / 180 = 111 195.08 m, so 0.001° = 111.20 m, 0.0015° = 166.79 m,
 * 0.002° = 222.39 m, 0.003° = 333.59 m, 0.0005° = 55.60 m and 0.02° = 2 223.90 m.
 */
@RiderIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearbyRidersTests {

    static final double LAT = -33.0;

    static final double LON = 151.0;

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    static final String NORTH_111 = "near-a-" + RUN; // AVAILABLE

    static final String NORTH_167 = "near-f-" + RUN; // not registered

    static final String SOUTH_223 = "near-c-" + RUN; // AVAILABLE

    static final String NORTH_334 = "near-b-" + RUN; // ON_TRIP

    static final String NORTH_2226 = "near-d-" + RUN; // AVAILABLE, outside 1 km

    static final String STALE_56 = "near-e-" + RUN; // AVAILABLE, last seen 10 minutes ago

    @Autowired
    RiderTestSupport.Api api;

    @Autowired
    RiderTestSupport.Updates updates;

    @BeforeAll
    void placeRiders() {
        register(NORTH_111, "AVAILABLE");
        register(SOUTH_223, "AVAILABLE");
        register(NORTH_334, "ON_TRIP");
        register(NORTH_2226, "AVAILABLE");
        register(STALE_56, "AVAILABLE");
        Instant now = Instant.now();
        List<RecordMetadata> sent = new ArrayList<>();
        sent.add(updates.send(NORTH_111, LAT + 0.001, LON, now));
        sent.add(updates.send(NORTH_167, LAT + 0.0015, LON, now));
        sent.add(updates.send(SOUTH_223, LAT - 0.002, LON, now));
        sent.add(updates.send(NORTH_334, LAT + 0.003, LON, now));
        sent.add(updates.send(NORTH_2226, LAT + 0.02, LON, now));
        sent.add(updates.send(STALE_56, LAT + 0.0005, LON, now.minusSeconds(600)));
        sent.forEach(updates::awaitConsumed);
    }

    void register(String riderId, String status) {
        assertThat(api.post("/api/v1/riders", """
                {"riderId":"%s","name":"N","vehicleType":"CAR","plate":"%s"}
                """.formatted(riderId, riderId)).status()).isEqualTo(201);
        api.put("/api/v1/riders/" + riderId + "/status", "{\"status\":\"" + status + "\"}");
    }

    JsonNode nearby(String query) {
        Response response = api.get("/api/v1/riders/nearby?lat=" + LAT + "&lon=" + LON + query);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.json().path("riders");
    }

    @Test
    void shouldReturnFreshRidersWithinRadiusNearestFirstWithDistances() {
        JsonNode riders = nearby("&radiusM=1000");

        assertThat(riders.findValuesAsString("riderId")).containsExactly(NORTH_111, NORTH_167, SOUTH_223, NORTH_334);
        assertThat(riders.get(0).path("distanceM").asDouble()).isCloseTo(111.20, within(0.01));
        assertThat(riders.get(1).path("distanceM").asDouble()).isCloseTo(166.79, within(0.01));
        assertThat(riders.get(2).path("distanceM").asDouble()).isCloseTo(222.39, within(0.01));
        assertThat(riders.get(3).path("distanceM").asDouble()).isCloseTo(333.59, within(0.01));
        assertThat(riders.get(1).path("registered").asBoolean()).isFalse();
        assertThat(riders.get(1).path("status").isNull()).isTrue();
        assertThat(riders.get(3).path("status").asString()).isEqualTo("ON_TRIP");
    }

    @Test
    void shouldMatchTheHaversineDistanceOffTheMeridian() {
        String riderId = "near-diag-" + RUN;
        double lat = -40.0;
        double lon = 100.0;
        updates.awaitConsumed(updates.send(riderId, lat + 0.003, lon + 0.004, Instant.now()));
        double expected = haversine(lat, lon, lat + 0.003, lon + 0.004);

        JsonNode riders = api.get("/api/v1/riders/nearby?lat=" + lat + "&lon=" + lon + "&radiusM=1000").json().path("riders");

        assertThat(expected).isCloseTo(476.84, within(0.01)); // hand check: R·√(Δφ² + (cos φ̄·Δλ)²) = 476.84 m
        assertThat(riders.findValuesAsString("riderId")).containsExactly(riderId);
        assertThat(riders.get(0).path("distanceM").asDouble()).isCloseTo(expected, within(0.01));
    }

    @Test
    void shouldKeepOnlyRegisteredRidersInTheStatusWhenStatusIsGiven() {
        assertThat(nearby("&radiusM=1000&status=AVAILABLE").findValuesAsString("riderId"))
            .containsExactly(NORTH_111, SOUTH_223);
        assertThat(nearby("&radiusM=1000&status=ON_TRIP").findValuesAsString("riderId")).containsExactly(NORTH_334);
        assertThat(nearby("&radiusM=1000&status=OFFLINE")).isEmpty();
    }

    @Test
    void shouldIncludeOlderPositionsWhenMaxAgeAllows() {
        JsonNode riders = nearby("&radiusM=1000&maxAgeS=900");

        assertThat(riders.get(0).path("riderId").asString()).isEqualTo(STALE_56);
        assertThat(riders.get(0).path("distanceM").asDouble()).isCloseTo(55.60, within(0.01));
        assertThat(riders.get(0).path("ageSeconds").asLong()).isBetween(600L, 700L);
    }

    @Test
    void shouldApplyRadiusAndLimit() {
        assertThat(nearby("&radiusM=200").findValuesAsString("riderId")).containsExactly(NORTH_111, NORTH_167);
        assertThat(nearby("&radiusM=3000&limit=5").findValuesAsString("riderId"))
            .containsExactly(NORTH_111, NORTH_167, SOUTH_223, NORTH_334, NORTH_2226);
        assertThat(nearby("&radiusM=3000&limit=1").findValuesAsString("riderId")).containsExactly(NORTH_111);
    }

    @Test
    void shouldUseDefaultRadiusOfOneKilometre() {
        assertThat(nearby("").findValuesAsString("riderId")).doesNotContain(NORTH_2226).contains(NORTH_334);
    }

    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_008.8;
        double dPhi = Math.toRadians(lat2 - lat1);
        double dLambda = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dPhi / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }
}
