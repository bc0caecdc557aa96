package dev.ridehail.baseline.location;

import dev.ridehail.testing.TestIssuer;
import dev.ridehail.testing.TestPostgresConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

// trip-service's own migrations create the table, so the baseline is tested against the exact production shape
@SpringBootTest(properties = "spring.flyway.locations=filesystem:../../trip-service/src/main/resources/db/migration")
@AutoConfigureMockMvc
@Import(TestPostgresConfiguration.class)
class LocationControllerTests {

    private static final TestIssuer ISSUER = TestIssuer.shared();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    // the baseline fetches the test issuer's JWK set over HTTP, as it fetches the stack's demo issuer's
    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        ISSUER.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Nested
    class PostLocation {

        @Test
        void shouldStoreTheRowBeforeAnswering202WhenTheUpdateIsValid() {
            UUID eventId = UUID.randomUUID();
            UUID tripId = UUID.randomUUID();

            assertThat(mvc.post()
                .uri("/api/v1/locations")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.bearer(ISSUER.riderToken("rider-1")))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body(eventId, "rider-1", tripId, 38.72, -9.14)))
                .hasStatus(202)
                .bodyJson()
                .extractingPath("$.eventId")
                .isEqualTo(eventId.toString());

            var row = jdbc.sql("SELECT rider_id, trip_id, lat, speed_mps FROM location_history WHERE event_id = ?")
                .param(eventId)
                .query((rs, n) -> new Object[] { rs.getString(1), rs.getObject(2), rs.getDouble(3), rs.getFloat(4) })
                .single();
            assertThat(row).containsExactly("rider-1", tripId, 38.72, 5.5f);
        }

        @Test
        void shouldStoreOneRowWhenTheSameEventIdIsRetried() {
            UUID eventId = UUID.randomUUID();
            String body = body(eventId, "rider-2", null, 1, 2);
            for (int i = 0; i < 2; i++) {
                assertThat(post(ISSUER.riderToken("rider-2"), body)).hasStatus(202);
            }

            assertThat(jdbc.sql("SELECT count(*) FROM location_history WHERE event_id = ?")
                .param(eventId)
                .query(Long.class)
                .single()).isEqualTo(1L);
        }

        @ParameterizedTest
        @MethodSource("dev.ridehail.baseline.location.LocationControllerTests#invalidBodies")
        void shouldAnswer4xxProblemWhenTheBodyIsInvalid(String body, int status) {
            assertThat(post(ISSUER.riderToken("r"), body)).hasStatus(status)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }

        @Test
        void shouldStoreTheUpdateForTheTokensRiderWhenTheBodyNamesNone() {
            UUID eventId = UUID.randomUUID();

            assertThat(post(ISSUER.riderToken("rider-3"), body(eventId, null, null, 1, 2))).hasStatus(202);

            assertThat(jdbc.sql("SELECT rider_id FROM location_history WHERE event_id = ?")
                .param(eventId)
                .query(String.class)
                .single()).isEqualTo("rider-3");
        }

        @Test
        void shouldRefuseWith403AndStoreNothingWhenTheBodyNamesAnotherRider() {
            UUID eventId = UUID.randomUUID();

            assertThat(post(ISSUER.riderToken("rider-4"), body(eventId, "rider-5", null, 1, 2))).hasStatus(403)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("https://ridehail.dev/problems/forbidden-rider");
            assertThat(rows(eventId)).isZero();
        }

        @Test
        void shouldRefuseWith401WhenThereIsNoToken() {
            UUID eventId = UUID.randomUUID();

            assertThat(mvc.post()
                .uri("/api/v1/locations")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body(eventId, "rider-6", null, 1, 2)))
                .hasStatus(401)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .containsHeader(HttpHeaders.WWW_AUTHENTICATE);
            assertThat(rows(eventId)).isZero();
        }

        @Test
        void shouldRefuseWith401WhenTheTokenIsExpired() {
            assertThat(post(ISSUER.expiredRiderToken("rider-7"), body(UUID.randomUUID(), "rider-7", null, 1, 2)))
                .hasStatus(401);
        }

        @Test
        void shouldRefuseWith403WhenTheTokenHasNoLocationWriteScope() {
            UUID eventId = UUID.randomUUID();

            assertThat(post(ISSUER.operatorToken(), body(eventId, "rider-8", null, 1, 2))).hasStatus(403)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("https://ridehail.dev/problems/insufficient-scope");
            assertThat(rows(eventId)).isZero();
        }
    }

    @Nested
    class Probes {

        @Test
        void shouldAnswerReadinessWithoutATokenWhenUp() {
            assertThat(mvc.get().uri("/readyz")).hasStatus(200);
        }
    }

    private MvcTestResult post(String token, String body) {
        return mvc.post()
            .uri("/api/v1/locations")
            .header(HttpHeaders.AUTHORIZATION, TestIssuer.bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .exchange();
    }

    private long rows(UUID eventId) {
        return jdbc.sql("SELECT count(*) FROM location_history WHERE event_id = ?")
            .param(eventId)
            .query(Long.class)
            .single();
    }

    static Stream<Arguments> invalidBodies() {
        String now = Instant.now().toString();
        return Stream.of(
                argumentSet("latitude out of range",
                        "{\"riderId\":\"r\",\"lat\":91,\"lon\":0,\"recordedAt\":\"" + now + "\"}", 422),
                argumentSet("rider id with a space",
                        "{\"riderId\":\"a b\",\"lat\":1,\"lon\":0,\"recordedAt\":\"" + now + "\"}", 422),
                argumentSet("missing recordedAt", "{\"riderId\":\"r\",\"lat\":1,\"lon\":0}", 422),
                argumentSet("unknown field",
                        "{\"riderId\":\"r\",\"lat\":1,\"lon\":0,\"recordedAt\":\"" + now + "\",\"x\":1}", 400),
                argumentSet("malformed JSON", "{\"riderId\":", 400));
    }

    private static String body(UUID eventId, String riderId, UUID tripId, double lat, double lon) {
        return "{\"eventId\":\"" + eventId + "\"" + (riderId != null ? ",\"riderId\":\"" + riderId + "\"" : "")
                + (tripId != null ? ",\"tripId\":\"" + tripId + "\"" : "") + ",\"lat\":" + lat + ",\"lon\":" + lon
                + ",\"speedMps\":5.5,\"headingDeg\":90,\"accuracyM\":4,\"recordedAt\":\"" + Instant.now() + "\"}";
    }
}
