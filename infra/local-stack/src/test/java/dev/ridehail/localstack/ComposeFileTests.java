package dev.ridehail.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on our machines, so docker-compose.yml is checked against what the services really read:
 * their application.yml placeholders, ports, database names, the topic, the init script and the Dockerfile.
 */
class ComposeFileTests {

    /** {@code ${NAME:default}}; a default may itself be a placeholder ({@code ${DLT:${TOPIC_NAME:x}.DLT}}). */
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");

    private static final Pattern PLAIN_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^${}]*)}");

    private static final Pattern JDBC_DATABASE = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/([A-Za-z0-9_]+)");

    private static Path root;

    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        root = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        services = (Map<String, Object>) compose.get("services");
    }

    @Test
    void shouldDefineTheWholeSystemWhenComposeFileIsRead() {
        assertThat(services).containsKeys("kafka", "kafka-init", "postgres", "location-ingest-service",
                "rider-service", "trip-service");
    }

    @Nested
    class ServiceContainers {

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldOnlySetEnvironmentVariablesTheServiceReads(ServiceKind kind) throws IOException {
            Map<String, String> placeholders = placeholders(kind);
            assertThat(placeholders).as("placeholders in %s application.yml", kind.module())
                .containsKeys("SERVER_PORT", "KAFKA_BOOTSTRAP_SERVERS", "TOPIC_NAME");
            assertThat(environment(kind.module()).keySet()).isNotEmpty().allSatisfy(name -> assertThat(placeholders)
                .as("%s sets %s, which %s application.yml never reads", "docker-compose.yml", name, kind.module())
                .containsKey(name));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldSetTheSameVariablesAsTheLocalStackWhenBothRunAService(ServiceKind kind) {
            Map<String, String> local = LocalStack.serviceEnvironment(LocalStackOptions.defaults(root), kind,
                    kind.defaultPort(), "127.0.0.1:9092");
            assertThat(environment(kind.module()).keySet()).containsExactlyInAnyOrderElementsOf(local.keySet());
            assertThat(local).containsEntry("SERVER_PORT", environment(kind.module()).get("SERVER_PORT"))
                .containsEntry("TOPIC_NAME", environment(kind.module()).get("TOPIC_NAME"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldListenHealthCheckAndPublishOnTheServicesDefaultPort(ServiceKind kind) throws IOException {
            String port = placeholders(kind).get("SERVER_PORT");
            assertThat(port).isEqualTo(Integer.toString(kind.defaultPort()));
            assertThat(environment(kind.module())).containsEntry("SERVER_PORT", port);
            List<String> ports = list(service(kind.module()).get("ports"));
            assertThat(ports).singleElement().satisfies(mapping -> assertThat(mapping).endsWith(":" + port));
            assertThat(String.join(" ", list(map(service(kind.module()).get("healthcheck")).get("test"))))
                .contains("http://localhost:" + port + "/actuator/health");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ServiceKind.class, names = { "RIDER", "TRIP" })
        void shouldPublishConsumerOnTheirOwnPortUnlessARangeIsGivenForScaling(ServiceKind kind) {
            String mapping = list(service(kind.module()).get("ports")).getFirst();
            String variable = kind.name() + "_HOST_PORTS";
            // ${TRIP_HOST_PORTS:-8083}:8083 -- the README's port, or a range (8083-8089) so --scale works
            assertThat(mapping).as("host port of %s", kind.module())
                .isEqualTo("${" + variable + ":-" + kind.defaultPort() + "}:" + kind.defaultPort());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldUseTheServicesTopicAndTheInternalKafkaListener(ServiceKind kind) throws IOException {
            Map<String, String> env = environment(kind.module());
            assertThat(env.get("TOPIC_NAME")).isEqualTo(placeholders(kind).get("TOPIC_NAME"))
                .isEqualTo(LocalStackOptions.DEFAULT_TOPIC)
                .isEqualTo(environment("kafka-init").get("TOPIC_NAME"));
            assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("INTERNAL://" + env.get("KAFKA_BOOTSTRAP_SERVERS"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ServiceKind.class, names = { "RIDER", "TRIP" })
        void shouldUseTheServicesDatabaseCreatedByTheInitScript(ServiceKind kind) throws IOException {
            Matcher compose = JDBC_DATABASE.matcher(environment(kind.module()).get("DB_URL"));
            Matcher defaults = JDBC_DATABASE.matcher(placeholders(kind).get("DB_URL"));
            assertThat(compose.matches()).isTrue();
            assertThat(defaults.matches()).isTrue();
            assertThat(compose.group(1)).isEqualTo("postgres");
            assertThat(compose.group(3)).isEqualTo(defaults.group(3)).isEqualTo(kind.defaultDatabase().orElseThrow());
            assertThat(PostgresDatabases.namesInInitScripts(root)).contains(compose.group(3));
            assertThat(environment(kind.module()).get("DB_PASSWORD")).isEqualTo(environment("postgres").get(
                    "POSTGRES_PASSWORD"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldBuildFromTheRepositoryAndStartAfterItsInfrastructure(ServiceKind kind) {
            Map<String, Object> build = map(service(kind.module()).get("build"));
            assertThat(root.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile"))))
                .isRegularFile();
            assertThat(map(build.get("args"))).containsEntry("MODULE", kind.module());
            assertThat(root.resolve(kind.module()).resolve("pom.xml")).isRegularFile();
            Map<String, Object> dependsOn = map(service(kind.module()).get("depends_on"));
            assertThat(map(dependsOn.get("kafka-init"))).containsEntry("condition", "service_completed_successfully");
            if (kind.defaultDatabase().isPresent()) {
                assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy");
            }
        }
    }

    @Nested
    class Infrastructure {

        @Test
        void shouldRunKafkaInKraftModeWithAnInternalAndAHostListenerWhenComposeStarts() {
            Map<String, String> env = environment("kafka");
            assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:4.");
            assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://kafka:29092", "EXTERNAL://localhost:9092");
            assertThat(list(service("kafka").get("ports"))).contains("9092:9092");
            assertThat(service("kafka")).containsKey("healthcheck");
        }

        @Test
        void shouldCreateTheTopicAndItsDeadLetterTopicBeforeServicesStart() {
            Map<String, Object> init = service("kafka-init");
            assertThat(map(map(init.get("depends_on")).get("kafka"))).containsEntry("condition", "service_healthy");
            String script = String.join("\n", list(init.get("command")));
            assertThat(script).contains("--create", "$$TOPIC_NAME.DLT", "--if-not-exists");
            assertThat(environment("kafka-init").get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:29092");
        }

        @Test
        void shouldInitialisePostgresWithTheRepositoryInitScripts() {
            assertThat(list(service("postgres").get("volumes"))).contains("./infra/postgres/init:/docker-entrypoint-initdb.d:ro");
            assertThat(PostgresDatabases.namesInInitScripts(root)).containsExactlyInAnyOrder("trip", "rider");
            assertThat(String.join(" ", list(map(service("postgres").get("healthcheck")).get("test"))))
                .contains("-d trip", "-d rider");
        }
    }

    private static Map<String, String> placeholders(ServiceKind kind) throws IOException {
        Path resources = root.resolve(kind.module()).resolve("src/main/resources");
        Map<String, String> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                String yaml = Files.readString(file);
                Matcher plain = PLAIN_DEFAULT.matcher(yaml);
                while (plain.find()) {
                    found.putIfAbsent(plain.group(1), plain.group(2));
                }
                Matcher any = PLACEHOLDER_NAME.matcher(yaml);
                while (any.find()) {
                    found.putIfAbsent(any.group(1), null);
                }
            }
        }
        return found;
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<String> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
