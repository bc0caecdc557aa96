package dev.ridehail.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on our machines, so docker-compose.yml is checked against what the services really read:
 * their application.yml placeholders, ports, database names, the topic, the init script and the Dockerfile; and
 * against the review of the official images' sources (apache/kafka, postgres, eclipse-temurin), so that what it found
 * cannot come back: the Kafka log in a named volume, loopback-only host ports that meet neither the local stack's broker
 * nor the host's PostgreSQL, one build with a locked Maven cache, memory limits with a restart policy, no topic job.
 */
class ComposeFileTests {

    /** The three services' stages; compose picks one with {@code build.target}. */
    private static final List<String> SERVICE_MODULES = List.of("location-ingest-service", "rider-service",
            "trip-service");

    /** The path apache/kafka declares as its data volume; the image's own default log dir is in /tmp. */
    private static final String KAFKA_DATA_PATH = "/var/lib/kafka/data";

    /** The three nodes of the {@code cluster} profile ({@code docker compose --profile cluster up}). */
    private static final List<String> CLUSTER_NODES = List.of("kafka-1", "kafka-2", "kafka-3");

    /** {@code ${KAFKA_BOOTSTRAP_SERVERS:-kafka:29092}}: the services' brokers, the single one unless told. */
    private static final Pattern BOOTSTRAP_VARIABLE = Pattern.compile("^\\$\\{KAFKA_BOOTSTRAP_SERVERS:-([^}]+)}$");

    private static final Pattern LOOPBACK_MAPPING = Pattern.compile("127\\.0\\.0\\.1:(\\$\\{[A-Z][A-Z0-9_]*:-[0-9-]+}|\\d+):\\d+");

    private static final Pattern HOST_PORT_DEFAULT = Pattern.compile("^127\\.0\\.0\\.1:\\$\\{([A-Z][A-Z0-9_]*):-(\\d+)}:(\\d+)$");

    private static final Pattern MEMORY = Pattern.compile("(\\d+)([kmg])", Pattern.CASE_INSENSITIVE);

    private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)([kmg])", Pattern.CASE_INSENSITIVE);

    /** {@code ${NAME:default}}; a default may itself be a placeholder ({@code ${DLT:${TOPIC_NAME:x}.DLT}}). */
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");

    private static final Pattern PLAIN_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^${}]*)}");

    private static final Pattern JDBC_DATABASE = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/([A-Za-z0-9_]+)");

    private static Path root;

    private static Map<String, Object> compose;

    private static Map<String, Object> services;

    private static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        root = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());
        compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        services = (Map<String, Object>) compose.get("services");
        dockerfile = Files.readString(root.resolve("infra/docker/Dockerfile"));
    }

    @Test
    void shouldDefineTheWholeSystemAndNoTopicCreationJobWhenComposeFileIsRead() {
        // location-ingest-service is the one owner that creates rider-updates and its DLT; nothing else may.
        assertThat(services).containsOnlyKeys("kafka", "kafka-1", "kafka-2", "kafka-3", "postgres",
                "location-ingest-service", "rider-service", "trip-service");
        services.forEach((name, service) -> {
            String run = String.join(" ", words(map(service).get("entrypoint"))) + " "
                    + String.join(" ", words(map(service).get("command")));
            assertThat(run).as("command of %s", name).doesNotContain("kafka-topics", "--create");
        });
    }

    @Test
    void shouldStartEachServiceOnlyAfterHealthyServicesThatExist() {
        services.forEach((name, service) -> {
            Object dependsOn = map(service).get("depends_on");
            if (dependsOn == null) {
                return;
            }
            map(dependsOn).forEach((dependency, condition) -> {
                assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
                assertThat(map(condition)).as("%s waits for %s", name, dependency)
                    .containsEntry("condition", "service_healthy");
                assertThat(service(dependency)).as("%s needs a health check", dependency).containsKey("healthcheck");
            });
        });
    }

    @Nested
    class Resources {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka", "kafka-1", "kafka-2", "kafka-3", "postgres", "location-ingest-service",
                "rider-service", "trip-service" })
        void shouldLimitMemoryAndRestartWhenTheContainerDies(String name) {
            assertThat(megabytes(String.valueOf(service(name).get("mem_limit")))).as("mem_limit of %s", name)
                .isBetween(128L, 4096L);
            // "no" (the default) would leave an OOM-killed service down.
            assertThat(String.valueOf(service(name).get("restart"))).as("restart policy of %s", name)
                .isIn("unless-stopped", "always", "on-failure");
        }

        @Test
        void shouldSizeTheServicesHeapFromTheContainerLimitAndExitOnOutOfMemory() {
            Matcher options = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
            assertThat(options.find()).as("JAVA_TOOL_OPTIONS in the Dockerfile").isTrue();
            Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options.group(1));
            assertThat(percentage.find()).isTrue();
            // The rest of the limit holds metaspace, thread stacks, code cache and Kafka's buffers.
            assertThat(Integer.parseInt(percentage.group(1))).isBetween(40, 70);
            assertThat(options.group(1)).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka", "kafka-1", "kafka-2", "kafka-3" })
        void shouldGiveTheBrokerAHeapThatFitsItsLimitAndTheHealthCheckToolItsOwn(String name) {
            Map<String, String> env = environment(name);
            Matcher heap = MAX_HEAP.matcher(env.getOrDefault("KAFKA_HEAP_OPTS", ""));
            assertThat(heap.find()).as("KAFKA_HEAP_OPTS (kafka-server-start.sh takes 1 GiB without it)").isTrue();
            long limit = megabytes(String.valueOf(service(name).get("mem_limit")));
            assertThat(megabytes(heap.group(1) + heap.group(2))).isLessThanOrEqualTo(limit * 6 / 10);
            // The tool is another JVM in the same container and would inherit the broker's heap settings.
            assertThat(String.join(" ", list(map(service(name).get("healthcheck")).get("test"))))
                .containsPattern("KAFKA_HEAP_OPTS=-Xmx\\d+m ");
        }
    }

    @Nested
    class HostPorts {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka", "kafka-1", "kafka-2", "kafka-3", "location-ingest-service", "rider-service",
                "trip-service" })
        void shouldPublishOnLoopbackOnly(String name) {
            // No unauthenticated Kafka and no demo services on the LAN.
            assertThat(list(service(name).get("ports"))).isNotEmpty()
                .allSatisfy(mapping -> assertThat(mapping).matches(LOOPBACK_MAPPING));
        }

        @Test
        void shouldNotPublishPostgresUnlessTheOverrideFileIsAdded() throws IOException {
            // The services reach it on the compose network; the host's own PostgreSQL (the README's) keeps 5432.
            assertThat(service("postgres")).doesNotContainKey("ports");
            Path override = root.resolve("infra/docker/compose.postgres-port.yml");
            Map<String, Object> file = new Yaml().load(Files.readString(override));
            assertThat(map(file.get("services"))).containsOnlyKeys("postgres");
            String mapping = list(map(map(file.get("services")).get("postgres")).get("ports")).getFirst();
            Matcher port = HOST_PORT_DEFAULT.matcher(mapping);
            assertThat(port.matches()).as(mapping).isTrue();
            assertThat(port.group(1)).isEqualTo("POSTGRES_HOST_PORT");
            assertThat(port.group(2)).isNotEqualTo("5432");
            assertThat(port.group(3)).isEqualTo("5432");
            // Compose loads these names by itself: the opt-in would become the default.
            assertThat(root.resolve("docker-compose.override.yml")).doesNotExist();
            assertThat(root.resolve("compose.override.yml")).doesNotExist();
        }

        @Test
        void shouldPublishKafkaBesideTheLocalStacksBrokerAndAdvertiseThePublishedPort() {
            String mapping = list(service("kafka").get("ports")).getFirst();
            Matcher port = HOST_PORT_DEFAULT.matcher(mapping);
            assertThat(port.matches()).as(mapping).isTrue();
            int localStackPort = LocalStackOptions.defaults(root).kafkaPort();
            // Neither the local stack's broker nor its controller (the next port): both stacks may run at once.
            assertThat(Integer.parseInt(port.group(2))).as("compose's default host port for Kafka")
                .isNotIn(localStackPort, localStackPort + 1);
            String hostPort = "${" + port.group(1) + ":-" + port.group(2) + "}";
            assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains("EXTERNAL://localhost:" + hostPort);
            assertThat(environment("kafka").get("KAFKA_LISTENERS")).contains("EXTERNAL://:" + port.group(3));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka-1", "kafka-2", "kafka-3" })
        void shouldPublishEachClusterNodeOnAPortOfItsOwnAndAdvertiseIt(String name) {
            Matcher port = HOST_PORT_DEFAULT.matcher(list(service(name).get("ports")).getFirst());
            assertThat(port.matches()).isTrue();
            int hostPort = Integer.parseInt(port.group(2));
            // Beside the single broker and every broker and controller of the local stack, on one or three brokers.
            int localStackPort = LocalStackOptions.defaults(root).kafkaPort();
            List<Integer> taken = new ArrayList<>(List.of(hostPort(service("kafka"))));
            for (int node = 0; node < 3; node++) {
                taken.addAll(List.of(localStackPort + 100 * node, localStackPort + 100 * node + 1));
            }
            assertThat(hostPort).isNotIn(taken);
            assertThat(CLUSTER_NODES.stream().filter(other -> !other.equals(name)).map(other -> hostPort(service(other))))
                .doesNotContain(hostPort);
            assertThat(environment(name).get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("EXTERNAL://localhost:${" + port.group(1) + ":-" + hostPort + "}");
        }
    }

    @Nested
    class Build {

        @Test
        void shouldBuildTheThreeJarsInOneStageAndCopyOnePerServiceStage() {
            List<String> mavenRuns = dockerfile.lines().filter(line -> line.contains("./mvnw")).toList();
            assertThat(mavenRuns).singleElement().satisfies(run -> assertThat(run)
                .contains(String.join(",", SERVICE_MODULES), "-am", "package", "-Dmaven.test.skip=true"));
            assertThat(Pattern.compile("(?m)^FROM .* AS build$").matcher(dockerfile).results().count()).isOne();
            for (String module : SERVICE_MODULES) {
                assertThat(dockerfile).containsPattern("(?m)^FROM runtime AS " + Pattern.quote(module) + "$")
                    .contains("COPY --from=build /jars/" + module + ".jar /app/app.jar");
            }
        }

        @Test
        void shouldKeepBuildOutputsAndInstalledNodeModulesOutOfTheBuildContext() throws IOException {
            // The one build stage copies infra/ whole: a reader's npm ci in infra/walkthrough must not ride along.
            assertThat(Files.readAllLines(root.resolve("infra/docker/Dockerfile.dockerignore"))).contains("**/target",
                    "**/node_modules", ".git");
        }

        @Test
        void shouldLockTheSharedMavenCacheMount() {
            // Three targets build at once; Maven's default lock does not coordinate separate processes.
            List<String> mounts = Pattern.compile("--mount=type=cache[^ ]*").matcher(dockerfile).results()
                .map(MatchResult::group)
                .toList();
            assertThat(mounts).isNotEmpty().allSatisfy(mount -> assertThat(mount).contains("sharing=locked"));
        }

        @Test
        void shouldUseTheCurlTheTemurinImageShipsInsteadOfInstallingIt() {
            // eclipse-temurin's Ubuntu images install curl themselves; the health checks call it.
            assertThat(dockerfile).doesNotContain("apt-get", "apk add");
            assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:\\d+-jre AS runtime$");
            for (String module : SERVICE_MODULES) {
                assertThat(list(map(service(module).get("healthcheck")).get("test"))).startsWith("CMD", "curl");
            }
        }

        @Test
        void shouldKeepScriptsLfAndWindowsScriptsCrlfWhateverTheCheckout() throws IOException {
            Map<String, String> eol = new LinkedHashMap<>();
            for (String line : Files.readAllLines(root.resolve(".gitattributes"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 1 && !fields[0].startsWith("#")) {
                    Stream.of(fields).filter(f -> f.startsWith("eol=")).forEach(f -> eol.put(fields[0], f.substring(4)));
                }
            }
            assertThat(eol).containsEntry("mvnw", "lf").containsEntry("*.sh", "lf").containsEntry("*.cmd", "crlf");
            List<Path> scripts;
            try (Stream<Path> files = Files.walk(root)) {
                scripts = files.filter(f -> !isIgnored(root.relativize(f)))
                    .filter(Files::isRegularFile)
                    .filter(ComposeFileTests::startsWithShebang)
                    .toList();
            }
            assertThat(scripts).contains(root.resolve("mvnw"), root.resolve("infra/local-stack/run.sh"));
            for (Path script : scripts) {
                Path relative = root.relativize(script);
                assertThat(eol.entrySet()).as("eol=lf for %s in .gitattributes", relative)
                    .anySatisfy(rule -> {
                        assertThat(rule.getValue()).isEqualTo("lf");
                        assertThat(matches(rule.getKey(), relative)).isTrue();
                    });
            }
        }
    }

    @Nested
    class Volumes {

        @Test
        void shouldKeepKafkasLogInANamedVolumeLikeTheDatabase() {
            // In the container the log (and so the topic ids) would vanish on `down` while the offsets stored in
            // PostgreSQL's volume stay.
            assertThat(environment("kafka")).containsEntry("KAFKA_LOG_DIRS", KAFKA_DATA_PATH);
            assertThat(list(service("kafka").get("volumes"))).contains("kafka-data:" + KAFKA_DATA_PATH);
            assertThat(list(service("postgres").get("volumes"))).contains("postgres-data:/var/lib/postgresql/data");
            // A fixed cluster id: the image formats the log dir once and must find the same id on every later start.
            assertThat(environment("kafka").get("CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}");
        }

        @Test
        void shouldKeepEachClusterNodesLogInAVolumeOfItsOwnUnderOneClusterId() {
            List<String> volumes = CLUSTER_NODES.stream().map(node -> {
                assertThat(environment(node)).containsEntry("KAFKA_LOG_DIRS", KAFKA_DATA_PATH);
                return list(service(node).get("volumes")).getFirst();
            }).toList();
            assertThat(volumes).doesNotHaveDuplicates()
                .allSatisfy(volume -> assertThat(volume).endsWith(":" + KAFKA_DATA_PATH))
                .noneSatisfy(volume -> assertThat(volume).startsWith("kafka-data:"));
            // Every node formatted with the one id, or the others refuse it.
            assertThat(CLUSTER_NODES.stream().map(node -> environment(node).get("CLUSTER_ID")).distinct())
                .singleElement()
                .satisfies(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}"));
        }

        @Test
        void shouldDeclareEveryNamedVolumeItMounts() {
            Map<String, Object> declared = map(compose.get("volumes"));
            services.forEach((name, service) -> {
                Object volumes = map(service).get("volumes");
                if (volumes != null) {
                    list(volumes).stream()
                        .map(volume -> volume.substring(0, volume.indexOf(':')))
                        .filter(source -> !source.startsWith(".") && !source.startsWith("/"))
                        .forEach(source -> assertThat(declared).as("volume of %s", name).containsKey(source));
                }
            });
        }
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
            // As run.sh starts the stack on the default ports.
            LocalStackOptions runSh = LocalStackOptions.defaults(root).withDefaultManagementPorts();
            Map<String, String> local = LocalStack.serviceEnvironment(runSh, kind, 0, kind.defaultPort(),
                    "127.0.0.1:9092", LocalStack.demoIssuerAt(ServiceKind.INGEST.defaultPort()));
            Map<String, String> compose = environment(kind.module());
            assertThat(compose.keySet()).containsExactlyInAnyOrderElementsOf(local.keySet());
            for (String same : List.of("SERVER_PORT", "MANAGEMENT_PORT", "TOPIC_NAME", "DEMO_ISSUER_ENABLED",
                    "DEMO_ISSUER", "JWT_ISSUER")) {
                assertThat(local.get(same)).as(same).isEqualTo(compose.get(same));
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldListenHealthCheckAndPublishOnTheServicesDefaultPort(ServiceKind kind) throws IOException {
            String port = placeholders(kind).get("SERVER_PORT");
            assertThat(port).isEqualTo(Integer.toString(kind.defaultPort()));
            assertThat(environment(kind.module())).containsEntry("SERVER_PORT", port);
            List<String> ports = list(service(kind.module()).get("ports"));
            assertThat(ports).singleElement().satisfies(mapping -> assertThat(mapping).endsWith(":" + port));
            // The open readiness probe on the service port: the actuator itself is on MANAGEMENT_PORT.
            assertThat(String.join(" ", list(map(service(kind.module()).get("healthcheck")).get("test"))))
                .contains("http://localhost:" + port + "/readyz");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldKeepTheActuatorOnItsOwnPortOffTheHost(ServiceKind kind) {
            String management = environment(kind.module()).get("MANAGEMENT_PORT");
            assertThat(management).isEqualTo(Integer.toString(kind.defaultManagementPort()));
            // Prometheus is open on the management port: only the compose network reaches it.
            assertThat(list(service(kind.module()).get("ports"))).noneSatisfy(mapping -> assertThat(mapping)
                .contains(management));
            assertThat(service(kind.module())).doesNotContainKey("expose");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ServiceKind.class, names = { "RIDER", "TRIP" })
        void shouldPublishConsumerOnTheirOwnPortUnlessARangeIsGivenForScaling(ServiceKind kind) {
            String mapping = list(service(kind.module()).get("ports")).getFirst();
            String variable = kind.name() + "_HOST_PORTS";
            // 127.0.0.1:${TRIP_HOST_PORTS:-8083}:8083 -- the README's port, or a range (8083-8089) so --scale works
            assertThat(mapping).as("host port of %s", kind.module())
                .isEqualTo("127.0.0.1:${" + variable + ":-" + kind.defaultPort() + "}:" + kind.defaultPort());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldUseTheServicesTopicAndTheInternalKafkaListener(ServiceKind kind) throws IOException {
            Map<String, String> env = environment(kind.module());
            assertThat(env.get("TOPIC_NAME")).isEqualTo(placeholders(kind).get("TOPIC_NAME"))
                .isEqualTo(LocalStackOptions.DEFAULT_TOPIC)
                .isEqualTo(environment(ServiceKind.INGEST.module()).get("TOPIC_NAME"));
            assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("INTERNAL://" + defaultBootstrapServers(env));
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
            assertThat(root.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")))
                .normalize()).isRegularFile().isEqualTo(root.resolve("infra/docker/Dockerfile"));
            assertThat(build).containsEntry("target", kind.module()).doesNotContainKey("args");
            assertThat(SERVICE_MODULES).contains(kind.module());
            assertThat(root.resolve(kind.module()).resolve("pom.xml")).isRegularFile();
            Map<String, Object> dependsOn = map(service(kind.module()).get("depends_on"));
            if (kind == ServiceKind.INGEST) {
                // The topics' owner: it creates them once the broker answers (all three with the cluster profile).
                assertThat(dependsOn).containsOnlyKeys("kafka", "kafka-1", "kafka-2", "kafka-3");
                assertThat(map(dependsOn.get("kafka"))).containsEntry("condition", "service_healthy")
                    .doesNotContainKey("required");
                for (String node : CLUSTER_NODES) {
                    // Without the profile the nodes do not exist; required: false lets compose start without them.
                    assertThat(map(dependsOn.get(node))).containsEntry("condition", "service_healthy")
                        .containsEntry("required", false);
                }
            } else {
                // Consumers only check the topics, so they wait until their owner is ready (it creates them first).
                assertThat(map(dependsOn.get(ServiceKind.INGEST.module()))).containsEntry("condition", "service_healthy");
                assertThat(dependsOn).doesNotContainKey("kafka-init");
            }
            if (kind.defaultDatabase().isPresent()) {
                assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy");
            }
        }
    }

    @Nested
    class Tokens {

        @Test
        void shouldHostTheDemoIssuerInIngestUnderTheAddressHostClientsUse() {
            Map<String, String> ingest = environment(ServiceKind.INGEST.module());
            assertThat(ingest).containsEntry("DEMO_ISSUER_ENABLED", "true")
                .containsEntry("DEMO_ISSUER", LocalStackMain.DEFAULT_DEMO_ISSUER)
                .doesNotContainKeys("JWT_JWK_SET_URI", "JWT_ISSUER");
            // Readable and writable by the image's user, kept across container restarts.
            assertThat(ingest.get("DEMO_ISSUER_KEY_FILE")).startsWith("/tmp/");
            List<String> published = list(service(ServiceKind.INGEST.module()).get("ports"));
            assertThat(URI.create(ingest.get("DEMO_ISSUER")).getPort()).isEqualTo(ServiceKind.INGEST.defaultPort());
            assertThat(published).singleElement().satisfies(mapping -> assertThat(mapping)
                .startsWith("127.0.0.1:" + ServiceKind.INGEST.defaultPort() + ":"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ServiceKind.class, names = { "RIDER", "TRIP" })
        void shouldTrustTheDemoIssuerByItsIssAndFetchItsKeysOverTheComposeNetwork(ServiceKind kind) {
            Map<String, String> env = environment(kind.module());
            String issuer = environment(ServiceKind.INGEST.module()).get("DEMO_ISSUER");
            assertThat(env).containsEntry("JWT_ISSUER", issuer).doesNotContainKey("DEMO_ISSUER_ENABLED");
            URI keys = URI.create(env.get("JWT_JWK_SET_URI"));
            // In a container localhost is the container itself: the key set is at ingest's service name.
            assertThat(keys.getHost()).isEqualTo(ServiceKind.INGEST.module());
            assertThat(keys.getPort()).isEqualTo(ServiceKind.INGEST.defaultPort());
            assertThat(keys.getPath()).isEqualTo(URI.create(issuer).getPath() + "/jwks");
            assertThat(map(map(service(kind.module()).get("depends_on")).get(ServiceKind.INGEST.module())))
                .containsEntry("condition", "service_healthy");
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
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://kafka:29092", "EXTERNAL://localhost:");
            assertThat(list(service("kafka").get("ports"))).singleElement().satisfies(port -> assertThat(port)
                .endsWith(":9092"));
            assertThat(service("kafka")).containsKey("healthcheck");
            // Only ingest creates topics, so a client's typo never makes one.
            assertThat(env).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        }

        @Test
        void shouldInitialisePostgresWithTheRepositoryInitScripts() {
            assertThat(list(service("postgres").get("volumes"))).contains("./infra/postgres/init:/docker-entrypoint-initdb.d:ro");
            assertThat(PostgresDatabases.namesInInitScripts(root)).containsExactlyInAnyOrder("trip", "rider");
            assertThat(String.join(" ", list(map(service("postgres").get("healthcheck")).get("test"))))
                .contains("-d trip", "-d rider");
        }
    }

    @Nested
    class Cluster {

        @Test
        void shouldRunTheThreeNodesInTheClusterProfileOnlyAndNothingElseThere() {
            services.forEach((name, service) -> assertThat(map(service).get("profiles")).as("profiles of %s", name)
                .isEqualTo(CLUSTER_NODES.contains(name) ? List.of("cluster") : null));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka-1", "kafka-2", "kafka-3" })
        void shouldRunEachNodeAsBrokerAndControllerOfOneQuorumOfAllThree(String name) {
            Map<String, String> env = environment(name);
            String id = name.substring(name.indexOf('-') + 1);
            assertThat(String.valueOf(service(name).get("image"))).isEqualTo(service("kafka").get("image"));
            assertThat(service(name)).containsEntry("hostname", name).containsKey("healthcheck");
            assertThat(env).containsEntry("KAFKA_NODE_ID", id)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
            assertThat(env.get("KAFKA_LISTENERS")).contains("INTERNAL://:29092", "CONTROLLER://:9093");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).startsWith("INTERNAL://" + name + ":29092,");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "kafka-1", "kafka-2", "kafka-3" })
        void shouldReplicateEverythingThreeTimesAndAcknowledgeOnTwo(String name) {
            assertThat(environment(name)).containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "2");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ServiceKind.class)
        void shouldPointTheServicesAtTheSingleBrokerUnlessTheCommandNamesTheNodes(ServiceKind kind) throws IOException {
            Map<String, String> env = environment(kind.module());
            assertThat(defaultBootstrapServers(env)).isEqualTo("kafka:29092");
            // The command in the file's header lists every node's internal listener.
            Matcher command = Pattern.compile("KAFKA_BOOTSTRAP_SERVERS=(\\S+) docker compose --profile cluster up")
                .matcher(Files.readString(root.resolve("docker-compose.yml")));
            assertThat(command.find()).isTrue();
            assertThat(command.group(1).split(",")).containsExactlyElementsOf(
                    CLUSTER_NODES.stream().map(node -> node + ":29092").toList());
            // Nothing else to set: the replication follows the brokers the services find.
            assertThat(env).doesNotContainKeys("TOPIC_REPLICATION_FACTOR", "TOPIC_MIN_INSYNC_REPLICAS");
        }
    }

    private static String defaultBootstrapServers(Map<String, String> env) {
        Matcher variable = BOOTSTRAP_VARIABLE.matcher(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(variable.matches()).as("KAFKA_BOOTSTRAP_SERVERS %s", env.get("KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        return variable.group(1);
    }

    private static int hostPort(Map<String, Object> service) {
        Matcher port = HOST_PORT_DEFAULT.matcher(list(service.get("ports")).getFirst());
        assertThat(port.matches()).isTrue();
        return Integer.parseInt(port.group(2));
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

    /** An entrypoint or command: absent, one string, or a list. */
    private static List<String> words(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> ? list(value) : List.of(String.valueOf(value));
    }

    private static long megabytes(String size) {
        Matcher memory = MEMORY.matcher(size);
        assertThat(memory.matches()).as("memory size %s", size).isTrue();
        long amount = Long.parseLong(memory.group(1));
        return switch (Character.toLowerCase(memory.group(2).charAt(0))) {
            case 'g' -> amount * 1024;
            case 'm' -> amount;
            default -> amount / 1024;
        };
    }

    private static boolean isIgnored(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals(".git") || name.equals("target") || name.equals("node_modules") || name.equals(".idea")) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithShebang(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .gitattributes pattern: without a slash it matches the file name anywhere, with one the path from the root. */
    private static boolean matches(String pattern, Path relative) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceFirst("^/", ""));
        return pattern.contains("/") ? matcher.matches(relative) : matcher.matches(relative.getFileName());
    }
}
