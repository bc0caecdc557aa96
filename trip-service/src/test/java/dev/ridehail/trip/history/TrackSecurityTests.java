package dev.ridehail.trip.history;

import dev.ridehail.testing.TestIssuer;
import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Whose track a token may read, through real Kafka, PostgreSQL and HTTP: a rider its own, the fleet every rider's.
 * trip-service keeps no rider registry, so an unknown rider's track is simply empty for the fleet; for a rider every
 * other rider, known or not, is the same 404 {@code rider-not-found}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackSecurityTests extends IntegrationTest {

    private static final String OWNER = uniqueRider("tracked");

    private static final String STRANGER = uniqueRider("stranger");

    private static final String UNKNOWN = uniqueRider("unknown");

    @BeforeAll
    void publishTheOwnersTrack() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        publishUpdate(update(UUID.randomUUID(), OWNER, null, 45.0, 7.0, start));
        publishUpdate(update(UUID.randomUUID(), OWNER, null, 45.001, 7.0, start.plusSeconds(60)));
        // An upper bound only: under load the first poll after the group join can take a while.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(historyRows(OWNER)).isEqualTo(2));
    }

    static Stream<Arguments> reads() {
        Function<TestIssuer, String> owner = issuer -> issuer.riderToken(OWNER);
        Function<TestIssuer, String> stranger = issuer -> issuer.riderToken(STRANGER);
        return Stream.of(argumentSet("the rider its own track", owner, OWNER, 200, 2),
                argumentSet("another rider a known rider's track", stranger, OWNER, 404, 0),
                argumentSet("a rider an unknown rider's track", owner, UNKNOWN, 404, 0),
                argumentSet("an operator any rider's track", (Function<TestIssuer, String>) TestIssuer::operatorToken,
                        OWNER, 200, 2),
                argumentSet("an admin any rider's track", (Function<TestIssuer, String>) TestIssuer::adminToken,
                        OWNER, 200, 2),
                argumentSet("an operator an unknown rider's (empty) track",
                        (Function<TestIssuer, String>) TestIssuer::operatorToken, UNKNOWN, 200, 0));
    }

    @ParameterizedTest
    @MethodSource("reads")
    void shouldShowOnlyTracksTheTokenMaySee(Function<TestIssuer, String> token, String riderId, int status,
            int points) {
        Response response = get("/api/v1/riders/" + riderId + "/track", token.apply(issuer()));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status == 404) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).isEqualTo("https://ridehail.dev/problems/rider-not-found");
            return;
        }
        assertThat(response.json().get("riderId").asString()).isEqualTo(riderId);
        assertThat(response.json().get("count").asInt()).isEqualTo(points);
    }

    @Test
    void shouldAnswerAKnownRiderExactlyAsAnUnknownOne() {
        String token = issuer().riderToken(STRANGER);

        Response known = get("/api/v1/riders/" + OWNER + "/track", token);
        Response unknown = get("/api/v1/riders/" + UNKNOWN + "/track", token);

        assertThat(known.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(known.body().replace(OWNER, "{riderId}")).isEqualTo(unknown.body().replace(UNKNOWN, "{riderId}"));
        assertThat(known.body()).doesNotContain("points");
    }
}
