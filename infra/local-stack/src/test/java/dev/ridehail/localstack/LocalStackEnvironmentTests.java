package dev.ridehail.localstack;

import com.sun.net.httpserver.HttpServer;
import dev.ridehail.kafkabroker.KafkaCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the stack tells each service process about tokens and ports, and what run.sh prints for a person to use. */
class LocalStackEnvironmentTests {

    private static final Path ROOT = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());

    private static final URI ISSUER = LocalStack.demoIssuerAt(18_081);

    @Nested
    class DemoIssuer {

        @Test
        void shouldHostTheIssuerInIngestWithItsKeyFileInTheRunDirectory() {
            LocalStackOptions options = LocalStackOptions.defaults(ROOT).withRunDirectory(Path.of("/tmp/run-x"));
            Map<String, String> env = environment(options, ServiceKind.INGEST, 0);
            assertThat(env).containsEntry("DEMO_ISSUER_ENABLED", "true")
                .containsEntry("DEMO_ISSUER", "http://localhost:18081/demo")
                .containsEntry("DEMO_ISSUER_KEY_FILE", "/tmp/run-x/demo-issuer-key.json")
                .doesNotContainKeys("JWT_JWK_SET_URI", "JWT_ISSUER");
        }

        @Test
        void shouldGiveEveryIngestInstanceTheFirstOnesIssuerAndTheSameKeyFile() {
            LocalStackOptions options = LocalStackOptions.defaults(ROOT).withInstances(ServiceKind.INGEST, 3);
            Map<String, String> first = environment(options, ServiceKind.INGEST, 0);
            Map<String, String> third = environment(options, ServiceKind.INGEST, 2);
            assertThat(third.get("SERVER_PORT")).isNotEqualTo(first.get("SERVER_PORT"));
            assertThat(third).containsEntry("DEMO_ISSUER", first.get("DEMO_ISSUER"))
                .containsEntry("DEMO_ISSUER_KEY_FILE", first.get("DEMO_ISSUER_KEY_FILE"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ServiceKind.class, names = { "RIDER", "TRIP" })
        void shouldPointTheConsumersAtTheIssuersKeySet(ServiceKind kind) {
            Map<String, String> env = environment(LocalStackOptions.defaults(ROOT), kind, 1);
            assertThat(env).containsEntry("JWT_JWK_SET_URI", "http://localhost:18081/demo/jwks")
                .containsEntry("JWT_ISSUER", "http://localhost:18081/demo")
                .doesNotContainKeys("DEMO_ISSUER_ENABLED", "DEMO_ISSUER", "DEMO_ISSUER_KEY_FILE");
        }

        @Test
        void shouldLetExtraEnvironmentOverrideTheStacksValues() {
            LocalStackOptions options = LocalStackOptions.defaults(ROOT)
                .withEnvironment(Map.of("DEMO_TOKEN_TTL", "5m", "DEMO_ISSUER_ENABLED", "false"));
            assertThat(environment(options, ServiceKind.INGEST, 0)).containsEntry("DEMO_TOKEN_TTL", "5m")
                .containsEntry("DEMO_ISSUER_ENABLED", "false");
        }
    }

    @Nested
    class ManagementPorts {

        @Test
        void shouldPutTheActuatorOnItsOwnPortWhenRunShUsesTheDefaultPorts() {
            LocalStackOptions options = LocalStackMain.parse(new String[] { "--trip-instances", "2" });
            assertThat(environment(options, ServiceKind.INGEST, 0)).containsEntry("MANAGEMENT_PORT", "9081");
            assertThat(environment(options, ServiceKind.RIDER, 0)).containsEntry("MANAGEMENT_PORT", "9082");
            assertThat(environment(options, ServiceKind.TRIP, 0)).containsEntry("MANAGEMENT_PORT", "9083");
            assertThat(environment(options, ServiceKind.TRIP, 1)).containsEntry("MANAGEMENT_PORT", "9183");
        }

        @Test
        void shouldKeepTheActuatorOnTheServicePortWithFreePorts() {
            LocalStackOptions options = LocalStackMain.parse(new String[] { "--free-ports" });
            for (ServiceKind kind : ServiceKind.values()) {
                assertThat(environment(options, kind, 0)).doesNotContainKey("MANAGEMENT_PORT");
            }
        }

        @Test
        void shouldKeepTheActuatorOnTheServicePortForTestsAndTools() {
            // The fault suite, the benchmark and the end-to-end tests start from the defaults, as before.
            for (ServiceKind kind : ServiceKind.values()) {
                assertThat(environment(LocalStackOptions.defaults(ROOT), kind, 0)).doesNotContainKey("MANAGEMENT_PORT");
            }
        }

        @Test
        void shouldAnswerTheActuatorsAddressFromTheProcessEnvironment() {
            ServiceProcess own = new ServiceProcess(ServiceKind.TRIP, 1, 8083, Path.of("x.jar"),
                    Map.of("MANAGEMENT_PORT", "9083"), List.of(), Path.of("/tmp/x.log"));
            ServiceProcess shared = new ServiceProcess(ServiceKind.TRIP, 1, 8083, Path.of("x.jar"), Map.of(),
                    List.of(), Path.of("/tmp/x.log"));
            assertThat(own.managementUrl()).isEqualTo("http://127.0.0.1:9083");
            assertThat(shared.managementUrl()).isEqualTo("http://127.0.0.1:8083");
        }
    }

    @Nested
    class Brokers {

        @TempDir
        Path run;

        @Test
        void shouldGiveEveryServiceTheAddressesOfAllThreeBrokersWithBrokers3() {
            LocalStackOptions options = LocalStackMain.parse(new String[] { "--brokers", "3", "--run-dir",
                    run.toString() });

            KafkaCluster kafka = LocalStack.kafkaCluster(options);

            assertThat(kafka.size()).isEqualTo(3);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9192,127.0.0.1:9292");
            assertThat(kafka.node(2).settings().dataDir()).isEqualTo(run.resolve("kafka-data/node-3"));
            for (ServiceKind kind : ServiceKind.values()) {
                assertThat(LocalStack.serviceEnvironment(options, kind, 0, kind.defaultPort(), kafka.bootstrapServers(),
                        ISSUER)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
                    .as("replication follows the brokers; nothing else to set")
                    .doesNotContainKeys("TOPIC_REPLICATION_FACTOR", "TOPIC_MIN_INSYNC_REPLICAS");
            }
        }

        @Test
        void shouldKeepOneBrokerOnItsUsualPortsAndDataDirectoryByDefault() {
            LocalStackOptions options = LocalStackMain.parse(new String[] { "--run-dir", run.toString() });

            KafkaCluster kafka = LocalStack.kafkaCluster(options);

            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(kafka.node(0).settings().controllerPort()).isEqualTo(9093);
            assertThat(kafka.node(0).settings().dataDir()).isEqualTo(run.resolve("kafka-data"));
            assertThat(kafka.node(0).logFile()).isEqualTo(run.resolve("kafka-broker.log"));
        }

        @Test
        void shouldRefuseABrokerCountOtherThanOneOrThree() {
            assertThatThrownBy(() -> LocalStackMain.parse(new String[] { "--brokers", "2" }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 or 3");
        }
    }

    @Nested
    class TokenCommand {

        @Test
        void shouldPutTheIssuedAccessTokenIntoTokenWhenThePrintedLineRunsInBash() throws Exception {
            // The line run.sh prints, run as a reader would paste it, against an issuer that answers like ingest's.
            AtomicReference<String> request = new AtomicReference<>();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/demo/token", exchange -> {
                request.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = """
                        {"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2ln-_x","token_type":"Bearer",\
                        "expires_in":900,"scope":"fleet:read trip:write"}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                URI issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/demo");
                String script = LocalStackMain.tokenCommand(issuer) + "\nprintf '%s' \"$TOKEN\"";
                Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
                String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(bash.exitValue()).as(output).isZero();
                assertThat(output).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2ln-_x");
                assertThat(request.get()).isEqualTo("POST application/json {\"kind\":\"operator\"}");
            }
            finally {
                server.stop(0);
            }
        }

        @Test
        void shouldNameTheDefaultIssuerTheServicesAndTheDemoCliExpect() {
            assertThat(LocalStack.demoIssuerAt(ServiceKind.INGEST.defaultPort()))
                .hasToString(LocalStackMain.DEFAULT_DEMO_ISSUER);
        }
    }

    private static Map<String, String> environment(LocalStackOptions options, ServiceKind kind, int index) {
        int port = options.ports().get(kind) == 0 ? 40_000 + index : options.ports().get(kind) + 100 * index;
        return LocalStack.serviceEnvironment(options, kind, index, port, "127.0.0.1:9092", ISSUER);
    }
}
