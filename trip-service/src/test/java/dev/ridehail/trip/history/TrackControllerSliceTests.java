package dev.ridehail.trip.history;

import dev.ridehail.security.ApiSecurityAutoConfiguration;
import dev.ridehail.trip.TripProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * TrackController's window and limit rules and its error answers with the repository mocked: no Kafka, no
 * PostgreSQL. That the points come back in order from the real history is {@link TrackApiTests}'s.
 */
// The shared security set-up switched off (an unrestricted Caller), as the slice is about input, not tokens.
@WebMvcTest(controllers = TrackController.class, properties = "ridehail.security.enabled=false")
@ImportAutoConfiguration(ApiSecurityAutoConfiguration.class)
@EnableConfigurationProperties(TripProperties.class)
class TrackControllerSliceTests {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    TrackRepository track;

    static Stream<Arguments> invalidTrackQueries() {
        return Stream.of(
                argumentSet("window longer than 24h",
                        "/api/v1/riders/r1/track?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "to",
                        "the window may span at most PT24H"),
                argumentSet("from after to", "/api/v1/riders/r1/track?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                        "from", "must be before 'to'"),
                argumentSet("from not an instant", "/api/v1/riders/r1/track?from=noon", "from",
                        "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"),
                argumentSet("zero limit", "/api/v1/riders/r1/track?limit=0", "limit", "must be greater than or equal to 1"),
                argumentSet("limit not a number", "/api/v1/riders/r1/track?limit=all", "limit", "must be an integer"),
                argumentSet("riderId too long", "/api/v1/riders/" + "x".repeat(65) + "/track", "riderId",
                        "must be 1-64 characters of [A-Za-z0-9_-]"));
    }

    @ParameterizedTest
    @MethodSource("invalidTrackQueries")
    void shouldRejectABadParameterWithAProblemNamingIt(String pathAndQuery, String parameter, String message) {
        MvcTestResult result = mvc.get().uri(pathAndQuery).exchange();

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://ridehail.dev/problems/invalid-parameter");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("parameter", parameter, "message", message)));
        verifyNoInteractions(track);
    }

    @Test
    void shouldAskForOneMorePointThanTheLimitAndReportTruncation() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-01T01:00:00Z");
        TrackPoint point = new TrackPoint(UUID.randomUUID(), null, 45.0, 7.0, 8.5f, 90f, 4f, from, from);
        given(track.points("r1", from, to, 3)).willReturn(List.of(point, point, point));

        MvcTestResult result = mvc.get().uri("/api/v1/riders/r1/track?from=" + from + "&to=" + to + "&limit=2").exchange();

        assertThat(result).hasStatus(200);
        assertThat(result).bodyJson().extractingPath("$.count").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.truncated").isEqualTo(true);
        verify(track).points("r1", from, to, 3);
    }

    @Test
    void shouldCapTheLimitAtTheConfiguredMaximum() {
        given(track.points(org.mockito.ArgumentMatchers.eq("r1"), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), anyInt())).willReturn(List.of());

        assertThat(mvc.get().uri("/api/v1/riders/r1/track?limit=999999").exchange()).hasStatus(200);

        verify(track).points(org.mockito.ArgumentMatchers.eq("r1"), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.eq(10_001));
    }
}
