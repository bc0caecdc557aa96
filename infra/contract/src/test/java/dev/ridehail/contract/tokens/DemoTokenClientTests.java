package dev.ridehail.contract.tokens;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's HTTP behaviour against a JDK HTTP server that answers as the demo issuer's token endpoint does: what it
 * sends, what it caches and when it asks again, and what it says when the issuer refuses or is not there.
 */
class DemoTokenClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenEndpoint endpoint = new TokenEndpoint();

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private DemoTokenClient client;

    @BeforeEach
    void start() throws IOException {
        endpoint.start();
        client = new DemoTokenClient(endpoint.issuer(), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        endpoint.stop();
    }

    @Nested
    class Requests {

        @Test
        void shouldPostARiderRequestToTheTokenEndpointBelowTheIssuer() {
            String token = client.riderToken("r-1", "phone-1");

            assertThat(token).isEqualTo("token-1");
            Received request = endpoint.requests().getFirst();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/demo/token");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(request.body()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("kind", "rider", "riderId", "r-1", "deviceId", "phone-1"));
        }

        @Test
        void shouldLeaveTheDeviceToTheIssuerWhenNoneIsGiven() {
            client.riderToken("r-1", null);

            assertThat(endpoint.requests().getFirst().body())
                .containsExactlyInAnyOrderEntriesOf(Map.of("kind", "rider", "riderId", "r-1"));
        }

        @Test
        void shouldAskForOperatorAndAdminTokensByKindAlone() {
            client.operatorToken();
            client.adminToken();

            assertThat(endpoint.requests()).extracting(Received::body)
                .containsExactly(Map.of("kind", "operator"), Map.of("kind", "admin"));
        }

        @Test
        void shouldAskForTheConfiguredLifetime() {
            try (DemoTokenClient shortLived = new DemoTokenClient(endpoint.issuer(), Duration.ofMinutes(5), clock)) {
                shortLived.operatorToken();
            }

            assertThat(endpoint.requests().getFirst().body()).containsEntry("ttl", "PT5M");
        }

        @Test
        void shouldAcceptAnIssuerWithATrailingSlash() {
            try (DemoTokenClient slashed = new DemoTokenClient(URI.create(endpoint.issuer() + "/"), clock)) {
                assertThat(slashed.operatorToken()).isEqualTo("token-1");
            }

            assertThat(endpoint.requests().getFirst().path()).isEqualTo("/demo/token");
        }

        @Test
        void shouldRefuseARiderTokenWithoutARider() {
            assertThatThrownBy(() -> client.riderToken(" ", "phone-1")).isInstanceOf(IllegalArgumentException.class);
            assertThat(endpoint.requests()).isEmpty();
        }

        @Test
        void shouldFormatABearerHeader() {
            assertThat(DemoTokenClient.bearer("abc")).isEqualTo("Bearer abc");
        }
    }

    @Nested
    class Caching {

        @Test
        void shouldReuseATokenInsteadOfAskingAgain() {
            String first = client.riderToken("r-1", "phone-1");
            String second = client.riderToken("r-1", "phone-1");

            assertThat(second).isEqualTo(first);
            assertThat(endpoint.requests()).hasSize(1);
        }

        @Test
        void shouldKeepATokenUntilFourFifthsOfItsLifetimeHavePassed() {
            endpoint.expiresIn(100);
            String first = client.riderToken("r-1", "phone-1");

            clock.advance(Duration.ofSeconds(79));
            assertThat(client.riderToken("r-1", "phone-1")).isEqualTo(first);
            assertThat(endpoint.requests()).hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            String renewed = client.riderToken("r-1", "phone-1");
            assertThat(renewed).isNotEqualTo(first);
            assertThat(endpoint.requests()).hasSize(2);

            clock.advance(Duration.ofSeconds(79));
            assertThat(client.riderToken("r-1", "phone-1")).isEqualTo(renewed);
            assertThat(endpoint.requests()).hasSize(2);
        }

        @Test
        void shouldKeepOneTokenPerRiderAndDevice() {
            String riderOne = client.riderToken("r-1", "phone-1");
            String riderTwo = client.riderToken("r-2", "phone-1");
            String otherDevice = client.riderToken("r-1", "tablet-1");

            assertThat(List.of(riderOne, riderTwo, otherDevice)).doesNotHaveDuplicates();
            assertThat(client.riderToken("r-1", "phone-1")).isEqualTo(riderOne);
            assertThat(client.riderToken("r-2", "phone-1")).isEqualTo(riderTwo);
            assertThat(client.riderToken("r-1", "tablet-1")).isEqualTo(otherDevice);
            assertThat(endpoint.requests()).hasSize(3);
        }

        @Test
        void shouldKeepOperatorAndAdminTokensApart() {
            String operator = client.operatorToken();
            String admin = client.adminToken();

            assertThat(operator).isNotEqualTo(admin);
            assertThat(client.operatorToken()).isEqualTo(operator);
            assertThat(client.adminToken()).isEqualTo(admin);
            assertThat(endpoint.requests()).hasSize(2);
        }

        @Test
        void shouldAskOnceWhenManyThreadsWantTheSameToken() throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> tokens = threads.invokeAll(
                    Collections.nCopies(32, () -> client.riderToken("r-1", "phone-1")));
                for (Future<String> token : tokens) {
                    assertThat(token.get()).isEqualTo("token-1");
                }
            }
            finally {
                threads.shutdownNow();
            }
            assertThat(endpoint.requests()).hasSize(1);
        }

        @Test
        void shouldNotCacheARefusal() {
            endpoint.refuse(503, "text/plain", "starting up");
            assertThatThrownBy(client::operatorToken).isInstanceOf(IllegalStateException.class);

            endpoint.grant();
            assertThat(client.operatorToken()).isEqualTo("token-1");
            assertThat(endpoint.requests()).hasSize(2);
        }
    }

    @Nested
    class Errors {

        @Test
        void shouldNameTheStatusAndTheProblemDetail() {
            endpoint.refuse(400, "application/problem+json",
                    "{\"type\":\"https://ridehail.dev/problems/invalid-request\",\"title\":\"Bad Request\","
                            + "\"status\":400,\"detail\":\"ttl: at most PT1H\"}");

            assertThatThrownBy(() -> client.riderToken("r-1", "phone-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("ttl: at most PT1H")
                .hasMessageContaining(endpoint.issuer() + "/token");
        }

        @Test
        void shouldPointAtTheDemoSwitchWhenTheEndpointIsMissing() {
            endpoint.refuse(404, "application/problem+json",
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No endpoint POST /demo/token.\"}");

            assertThatThrownBy(client::operatorToken).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("No endpoint POST /demo/token.")
                .hasMessageContaining("DEMO_ISSUER_ENABLED=true");
        }

        @Test
        void shouldQuoteABodyThatIsNotAProblem() {
            endpoint.refuse(502, "text/html", "<html>bad gateway</html>");

            assertThatThrownBy(client::adminToken).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("502")
                .hasMessageContaining("<html>bad gateway</html>")
                .hasMessageNotContaining("DEMO_ISSUER_ENABLED");
        }

        @Test
        void shouldRefuseAGrantWithoutAToken() {
            endpoint.refuse(200, "application/json", "{\"token_type\":\"Bearer\",\"expires_in\":900}");

            assertThatThrownBy(client::operatorToken).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no access_token");
        }

        @Test
        void shouldSayTheIssuerIsUnreachableAndHowToStartIt() throws IOException {
            URI nowhere = URI.create("http://127.0.0.1:" + freePort() + "/demo");

            try (DemoTokenClient unreachable = new DemoTokenClient(nowhere, clock)) {
                assertThatThrownBy(() -> unreachable.riderToken("r-1", "phone-1"))
                    .isInstanceOf(DemoIssuerUnreachableException.class)
                    .hasMessageContaining("demo issuer at " + nowhere + " is unreachable")
                    .hasMessageContaining("DEMO_ISSUER_ENABLED=true");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    record Received(String method, String path, String contentType, Map<String, Object> body) {
    }

    /** Plays {@code POST /demo/token}: numbered tokens, or a configured refusal. */
    static final class TokenEndpoint {

        private final List<Received> requests = new CopyOnWriteArrayList<>();

        private final AtomicInteger issued = new AtomicInteger();

        private final AtomicReference<Integer> expiresIn = new AtomicReference<>(900);

        private final AtomicReference<Refusal> refusal = new AtomicReference<>();

        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/demo/token", this::answer);
            server.start();
        }

        void stop() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }

        URI issuer() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/demo");
        }

        List<Received> requests() {
            return requests;
        }

        void expiresIn(int seconds) {
            expiresIn.set(seconds);
        }

        void refuse(int status, String contentType, String body) {
            refusal.set(new Refusal(status, contentType, body));
        }

        void grant() {
            refusal.set(null);
        }

        @SuppressWarnings("unchecked")
        private void answer(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] request = exchange.getRequestBody().readAllBytes();
                requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), JSON.readValue(request, Map.class)));
                Refusal refused = refusal.get();
                if (refused != null) {
                    respond(exchange, refused.status(), refused.contentType(), refused.body());
                    return;
                }
                String token = "token-" + issued.incrementAndGet();
                respond(exchange, 200, "application/json", "{\"access_token\":\"" + token + "\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn.get() + ",\"scope\":\"fleet:read\"}");
            }
        }

        private static void respond(HttpExchange exchange, int status, String contentType, String body)
                throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private record Refusal(int status, String contentType, String body) {
        }
    }

    /** A clock the test moves by hand, so renewal is tested without waiting. */
    static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
