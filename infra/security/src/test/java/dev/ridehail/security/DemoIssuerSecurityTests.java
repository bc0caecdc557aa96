package dev.ridehail.security;

import dev.ridehail.security.app.SecuredTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The module end to end over real HTTP, with the demo issuer hosted in the same service (as ingest does). */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ridehail.security.demo-issuer.enabled=true",
                "ridehail.security.rate-limits.ingest.burst=10", "ridehail.security.rate-limits.ingest.per-second=1" })
class DemoIssuerSecurityTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    RateLimits rateLimits;

    @Test
    void withoutTokenTheAnswerIs401WithBearerChallengeAndProblemBody() throws Exception {
        HttpResponse<String> response = get("/api/riders/r-1", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer")
            .doesNotContain("error=");
        HttpResponse<String> metadata = get("/.well-known/oauth-protected-resource", null);
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://ridehail.dev/problems/unauthorized\"")
            .contains("\"status\":401");
    }

    @Test
    void aGarbageTokenIs401InvalidToken() throws Exception {
        HttpResponse<String> response = get("/api/riders/r-1", "not-a-jwt");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(response.body()).contains("https://ridehail.dev/problems/invalid-token");
    }

    @Test
    void aRiderReadsItsOwnDataOnlyAndNeverTheFleet() throws Exception {
        String rider = token("{\"kind\":\"rider\",\"riderId\":\"r-1\",\"deviceId\":\"phone\"}");
        assertThat(get("/api/riders/r-1", rider).statusCode()).isEqualTo(200);
        assertThat(get("/api/riders/r-2", rider).statusCode()).isEqualTo(404);
        HttpResponse<String> fleet = get("/api/fleet", rider);
        assertThat(fleet.statusCode()).isEqualTo(403);
        assertThat(fleet.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
        assertThat(fleet.body()).contains("https://ridehail.dev/problems/insufficient-scope");
    }

    @Test
    void anOperatorReadsEveryRiderAndTheFleet() throws Exception {
        String operator = token("{\"kind\":\"operator\"}");
        assertThat(get("/api/riders/r-2", operator).statusCode()).isEqualTo(200);
        HttpResponse<String> fleet = get("/api/fleet", operator);
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("\"subject\":\"operator\"");
        assertThat(fleet.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=100;w=5");
    }

    @Test
    void aRiderWritingForAnotherRiderIs403ForbiddenRider() throws Exception {
        String rider = token("{\"kind\":\"rider\",\"riderId\":\"r-3\"}");
        HttpResponse<String> response = post("/api/writes?riderId=r-4&items=1", rider, "");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("https://ridehail.dev/problems/forbidden-rider");
        HttpResponse<String> own = post("/api/writes?items=1", rider, "");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"riderId\":\"r-3\"").contains("\"deviceId\":\"default\"");
    }

    @Test
    void overTheIngestLimitIs429WithRetryAfterAndOtherRidersAreUnaffected() throws Exception {
        String busy = token("{\"kind\":\"rider\",\"riderId\":\"busy\",\"deviceId\":\"d\"}");
        String calm = token("{\"kind\":\"rider\",\"riderId\":\"calm\",\"deviceId\":\"d\"}");
        assertThat(post("/api/writes?items=10", busy, "").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = post("/api/writes?items=5", busy, "");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"ingest\";q=10;w=10");
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"ingest\";r=0;");
        assertThat(refused.body()).contains("https://ridehail.dev/problems/rate-limited");
        assertThat(post("/api/writes?items=5", calm, "").statusCode()).isEqualTo(200);
    }

    @Test
    void theDemoIssuerPublishesItsKeysAndDiscovery() throws Exception {
        HttpResponse<String> jwks = get("/demo/jwks", null);
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
        HttpResponse<String> discovery = get("/demo/.well-known/openid-configuration", null);
        assertThat(discovery.body()).contains("\"jwks_uri\":\"http://localhost:8081/demo/jwks\"");
    }

    @Test
    void theDemoIssuerRefusesABadRequestWithAProblem() throws Exception {
        HttpResponse<String> response = post("/demo/token", null, "{\"kind\":\"rider\",\"riderId\":\"no spaces\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("riderId");
        assertThat(post("/demo/token", null, "{\"kind\":\"pilot\"}").statusCode()).isEqualTo(400);
        assertThat(post("/demo/token", null, "{\"kind\":\"operator\",\"ttl\":\"PT2H\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void healthAndProbesAreOpenButActuatorWritesNeedAdmin() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", token("{\"kind\":\"operator\"}")).statusCode()).isEqualTo(200);
    }

    private String token(String request) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/demo/token", null, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
