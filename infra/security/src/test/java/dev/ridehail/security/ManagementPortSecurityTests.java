package dev.ridehail.security;

import dev.ridehail.security.app.SecuredTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a separate management port the scraper reads Prometheus there without a token, while every other actuator
 * rule still holds on that port (the security filter chain guards the management server too).
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ridehail.security.demo-issuer.enabled=true", "management.server.port=0" })
class ManagementPortSecurityTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusIsOpenOnTheManagementPort() throws Exception {
        HttpResponse<String> scrape = send("GET", managementPort, "/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_");
    }

    @Test
    void actuatorWritesOnTheManagementPortStillNeedAdmin() throws Exception {
        assertThat(send("POST", managementPort, "/actuator/loggers/ROOT", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", managementPort, "/actuator/loggers/ROOT", token("operator")).statusCode())
            .isEqualTo(403);
        assertThat(send("POST", managementPort, "/actuator/loggers/ROOT", token("admin")).statusCode())
            .isEqualTo(204);
        assertThat(send("GET", managementPort, "/actuator/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthDetailsOnlyForFleetReaders() throws Exception {
        HttpResponse<String> open = send("GET", managementPort, "/actuator/health", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).doesNotContain("components");
        HttpResponse<String> detailed = send("GET", managementPort, "/actuator/health", token("operator"));
        assertThat(detailed.body()).contains("components");
    }

    @Test
    void probesStayOnTheServicePort() throws Exception {
        assertThat(send("GET", port, "/livez", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", port, "/readyz", null).statusCode()).isEqualTo(200);
    }

    private String token(String kind) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/demo/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"" + kind + "\"}"))
            .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpResponse<String> send(String method, int port, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{\"configuredLevel\":\"INFO\"}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
