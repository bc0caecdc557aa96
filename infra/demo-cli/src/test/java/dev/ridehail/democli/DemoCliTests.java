package dev.ridehail.democli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ridehail.contract.tokens.DemoTokenClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DemoCliTests {

    @Nested
    class ProducerLines {

        @Test
        void shouldReadRiderAndZoneWhenLineIsAsInTheSourceNotes() {
            assertThat(ProducerLine.parse("tony south")).isEqualTo(new ProducerLine("tony", Zone.SOUTH));
            assertThat(ProducerLine.parse("  tony   NORTH ")).isEqualTo(new ProducerLine("tony", Zone.NORTH));
            assertThat(ProducerLine.parse("rider_7 center")).isEqualTo(new ProducerLine("rider_7", Zone.CENTRE));
        }

        static Stream<Arguments> invalidLines() {
            return Stream.of(Arguments.argumentSet("rider only", "tony"),
                    Arguments.argumentSet("three words", "tony south fast"),
                    Arguments.argumentSet("unknown zone", "tony downtown"),
                    Arguments.argumentSet("rider with a dot", "tony.stark south"),
                    Arguments.argumentSet("rider too long", "t".repeat(65) + " south"));
        }

        @ParameterizedTest
        @MethodSource("invalidLines")
        void shouldExplainWhenLineIsNotRiderAndZone(String line) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProducerLine.parse(line))
                .withMessageMatching("(type: <rider> <zone>|unknown zone|rider must be).*");
        }
    }

    @Nested
    class Routes {

        @Test
        void shouldStartAtPickupEndAtDropoffAndBowInBetween() {
            Route route = new Route(Zone.SOUTH.lat(), Zone.SOUTH.lon(), Zone.NORTH.lat(), Zone.NORTH.lon());
            assertThat(route.at(0)).containsExactly(Zone.SOUTH.lat(), Zone.SOUTH.lon());
            assertThat(route.at(1)[0]).isCloseTo(Zone.NORTH.lat(), within(1e-9));
            assertThat(route.at(1)[1]).isCloseTo(Zone.NORTH.lon(), within(1e-9));
            double straight = Route.haversineMetres(Zone.SOUTH.lat(), Zone.SOUTH.lon(), Zone.NORTH.lat(),
                    Zone.NORTH.lon());
            double driven = 0;
            for (int i = 1; i <= 100; i++) {
                double[] a = route.at((i - 1) / 100.0);
                double[] b = route.at(i / 100.0);
                driven += Route.haversineMetres(a[0], a[1], b[0], b[1]);
            }
            // South (Jayanagar) to north (Hebbal) is about 12 km; the bowed road is a little longer.
            assertThat(straight).isBetween(11_000.0, 13_000.0);
            assertThat(driven).isGreaterThan(straight).isLessThan(straight * 1.1);
        }
    }

    @Nested
    class Tokens {

        @Test
        void shouldTakeTheIssuerFromTheOptionElseTheEnvironmentElseTheLocalStacks() {
            assertThat(DemoCli.demoIssuer(Map.of("demo-issuer", "http://ingest:9000/demo"), "http://env/demo"))
                .hasToString("http://ingest:9000/demo");
            assertThat(DemoCli.demoIssuer(Map.of(), "http://env:8081/demo")).hasToString("http://env:8081/demo");
            assertThat(DemoCli.demoIssuer(Map.of(), null)).hasToString("http://localhost:8081/demo");
            assertThat(DemoCli.demoIssuer(Map.of(), " ")).hasToString("http://localhost:8081/demo");
            assertThat(DemoCli.parseOptions(new String[] { "--demo-issuer", "http://x/demo" }))
                .containsEntry("demo-issuer", "http://x/demo");
        }

        @Test
        void shouldPostEachTypedRidersUpdateWithThatRidersOwnToken() throws IOException {
            // An ingest stand-in that issues tokens like the demo issuer and records what the updates carried.
            List<String> tokenRequests = new CopyOnWriteArrayList<>();
            List<String> authorizations = new CopyOnWriteArrayList<>();
            HttpServer ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ingest.createContext("/demo/token", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                tokenRequests.add(body);
                String rider = body.replaceAll(".*\"riderId\":\"([^\"]+)\".*", "$1");
                respond(exchange, 200, "{\"access_token\":\"token-of-" + rider + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":900,\"scope\":\"location:write self:read trip:write\"}");
            });
            ingest.createContext("/api/v1/locations", exchange -> {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                respond(exchange, 202, "{\"eventId\":\"e\",\"partition\":1,\"offset\":7}");
            });
            ingest.start();
            String url = "http://127.0.0.1:" + ingest.getAddress().getPort();
            try (DemoTokenClient tokens = new DemoTokenClient(URI.create(url + "/demo"))) {
                ApiClient api = new ApiClient(tokens);
                Random jitter = new Random(1);
                assertThat(DemoCli.send(url, api, ProducerLine.parse("tony south"), jitter))
                    .contains("tony in south", "partition 1, offset 7");
                DemoCli.send(url, api, ProducerLine.parse("tony north"), jitter);
                DemoCli.send(url, api, ProducerLine.parse("bruce east"), jitter);
            }
            finally {
                ingest.stop(0);
            }
            assertThat(authorizations).containsExactly("Bearer token-of-tony", "Bearer token-of-tony",
                    "Bearer token-of-bruce");
            // One token per rider, reused while fresh; every one for the CLI's device.
            assertThat(tokenRequests).hasSize(2)
                .allSatisfy(request -> assertThat(request).contains("\"kind\":\"rider\"",
                        "\"deviceId\":\"" + ApiClient.DEVICE + "\""));
        }

        private static void respond(HttpExchange exchange, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }

    @Nested
    class Options {

        @ParameterizedTest
        @ValueSource(strings = { "60s", "1m", "60", "60000ms" })
        void shouldReadDurationsInCommonUnits(String text) {
            assertThat(DemoCli.duration(text)).isEqualTo(Duration.ofSeconds(60));
        }

        @Test
        void shouldRejectUnknownOptionsAndEmptySimulations() {
            assertThatIllegalArgumentException().isThrownBy(() -> DemoCli.parseOptions(new String[] { "--bogus", "1" }));
            assertThatIllegalArgumentException()
                .isThrownBy(() -> DemoCli.parseOptions(new String[] { "--simulate", "0" }));
            assertThat(DemoCli.parseOptions(new String[] { "--simulate", "3", "--duration", "10s" }))
                .containsEntry("simulate", "3")
                .containsEntry("duration", "10s");
        }
    }
}
