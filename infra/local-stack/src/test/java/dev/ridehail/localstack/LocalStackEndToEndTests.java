package dev.ridehail.localstack;

import dev.ridehail.contract.tokens.DemoTokenClient;
import dev.ridehail.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The end-to-end test: the local stack's real topology (a Kafka broker process, the three service jars as
 * their own JVMs, PostgreSQL), driven only through HTTP, the way a client would: with bearer tokens from the stack's
 * demo issuer (an admin registers the rider, the rider drives its own trip, an operator reads the fleet).
 */
class LocalStackEndToEndTests {

    /** A drive along Bengaluru's MG Road towards Indiranagar, one point every 10 s. */
    private static final double[][] ROUTE = { { 12.97560, 77.60590 }, { 12.97520, 77.60850 },
            { 12.97480, 77.61120 }, { 12.97430, 77.61390 }, { 12.97380, 77.61660 }, { 12.97300, 77.61950 },
            { 12.97250, 77.62240 }, { 12.97210, 77.62520 } };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The notes' consumer as a reader runs it: {@code npm ci}, then {@code node consumer.js <group>}. */
    private static final List<String> KAFKAJS_CONSUMER_FILES = List.of("package.json", "package-lock.json",
            "client.js", "consumer.js");

    /**
     * The notes' consumer without the codec registration, to show what the step fixes. It prints the consumer's crash
     * (kafkajs' own error) or any record it read, and exits on a crash.
     */
    private static final String KAFKAJS_WITHOUT_CODEC = """
            const { Kafka, logLevel } = require("kafkajs");
            const kafka = new Kafka({ clientId: "no-codec", brokers: process.env.KAFKA_BROKERS.split(","),
              logLevel: logLevel.ERROR });
            const consumer = kafka.consumer({ groupId: process.env.GROUP });
            consumer.on(consumer.events.CRASH, ({ payload }) => {
              console.log(`CRASH ${payload.error.name}: ${payload.error.message}`);
              process.exit(3);
            });
            (async () => {
              await consumer.connect();
              await consumer.subscribe({ topics: [process.env.TOPIC_NAME], fromBeginning: true });
              await consumer.run({ eachMessage: async ({ message }) => console.log(`READ ${message.value}`) });
            })().catch((error) => { console.log(`FAILED ${error.name}: ${error.message}`); process.exit(4); });
            """;

    private static Path root;

    private static LocalStack stack;

    private static DemoTokenClient tokens;

    @BeforeAll
    static void startStack() throws IOException {
        root = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String serverUrl = TestPostgres.serverUrl();
        LocalStackOptions options = LocalStackOptions.defaults(root)
            .withRunDirectory(root.resolve("infra/local-stack/target/e2e-" + suffix))
            .withFreePorts()
            .withKafka(null, 0, 3)
            .withPostgres(serverUrl.substring(0, serverUrl.lastIndexOf('/')), TestPostgres.username(),
                    TestPostgres.password())
            .withDatabase(ServiceKind.TRIP, "e2e_trip_" + suffix, true)
            .withDatabase(ServiceKind.RIDER, "e2e_rider_" + suffix, true)
            .withWalkthroughLogging(true)
            // Start-up speed matters more than peak throughput here: three JVMs boot at once on two cores.
            .withServiceJvmOptions(List.of("-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
            .withStartTimeout(Duration.ofSeconds(240));
        Files.createDirectories(options.runDirectory());
        stack = LocalStack.start(options);
        tokens = new DemoTokenClient(stack.demoIssuer());
    }

    @AfterAll
    static void stopStack() {
        if (tokens != null) {
            tokens.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void shouldTrackATripFromIngestToTripAndRiderServicesWhenUpdatesArePostedOverHttp() throws Exception {
        String plate = "KA01E2E" + (System.nanoTime() % 10_000);
        HttpResponse<String> rider = post(stack.url(ServiceKind.RIDER) + "/api/v1/riders", tokens.adminToken(),
                Map.of("name", "Tony Stark", "vehicleType", "MOTORCYCLE", "plate", plate));
        assertThat(rider.statusCode()).as(rider.body()).isEqualTo(201);
        String riderId = lastSegment(rider);
        String riderToken = tokens.riderToken(riderId, "phone-1");

        HttpResponse<String> trip = post(stack.url(ServiceKind.TRIP) + "/api/v1/trips", riderToken,
                Map.of("riderId", riderId, "pickup", point(ROUTE[0]), "dropoff", point(ROUTE[ROUTE.length - 1])));
        assertThat(trip.statusCode()).as(trip.body()).isEqualTo(201);
        String tripId = lastSegment(trip);
        String tripUrl = stack.url(ServiceKind.TRIP) + "/api/v1/trips/" + tripId;
        assertThat(post(tripUrl + "/start", riderToken, Map.of()).statusCode()).isEqualTo(200);

        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10L * ROUTE.length);
        for (int i = 0; i < ROUTE.length; i++) {
            HttpResponse<String> accepted = post(stack.url(ServiceKind.INGEST) + "/api/v1/locations", riderToken,
                    Map.of("riderId", riderId, "tripId", tripId, "lat", ROUTE[i][0], "lon", ROUTE[i][1], "speedMps",
                            8.5, "recordedAt", start.plusSeconds(10L * i).toString()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(JSON.readTree(accepted.body()).path("offset").isNumber()).isTrue();
        }

        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertThat(json(get(tripUrl, riderToken)).path("pointCount").asInt())
                .isEqualTo(ROUTE.length));
        assertThat(post(tripUrl + "/complete", riderToken, Map.of()).statusCode()).isEqualTo(200);

        JsonNode completed = json(get(tripUrl, riderToken));
        assertThat(completed.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.path("distanceMeters").asDouble()).isCloseTo(expectedDistanceMetres(),
                within(expectedDistanceMetres() * 0.01));

        JsonNode route = json(get(tripUrl + "/route", riderToken));
        assertThat(route.path("type").asString()).isEqualTo("Feature");
        assertThat(route.path("geometry").path("type").asString()).isEqualTo("LineString");
        List<double[]> coordinates = new ArrayList<>();
        route.path("geometry").path("coordinates").forEach(c -> coordinates.add(new double[] { c.get(1).asDouble(),
                c.get(0).asDouble() }));
        assertThat(coordinates).hasSize(ROUTE.length);
        for (int i = 0; i < ROUTE.length; i++) {
            assertThat(coordinates.get(i)[0]).as("lat of point %d", i).isCloseTo(ROUTE[i][0], within(1e-6));
            assertThat(coordinates.get(i)[1]).as("lon of point %d", i).isCloseTo(ROUTE[i][1], within(1e-6));
        }

        String riderUrl = stack.url(ServiceKind.RIDER) + "/api/v1/riders/";
        double[] last = ROUTE[ROUTE.length - 1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> location = get(riderUrl + riderId + "/location", riderToken);
            assertThat(location.statusCode()).as(location.body()).isEqualTo(200);
            JsonNode body = json(location);
            assertThat(body.path("lat").asDouble()).isCloseTo(last[0], within(1e-6));
            assertThat(body.path("lon").asDouble()).isCloseTo(last[1], within(1e-6));
        });

        // 300 m east of the last point: the rider is within 500 m, about 300 m away.
        double probeLon = last[1] + 300 / (111_320 * Math.cos(Math.toRadians(last[0])));
        // Nearby is the fleet's view: an operator's.
        JsonNode nearby = json(get(riderUrl + "nearby?lat=" + last[0] + "&lon=" + probeLon + "&radiusM=500&limit=10",
                tokens.operatorToken()));
        JsonNode match = findRider(nearby, riderId);
        assertThat(match).as("rider %s in %s", riderId, nearby).isNotNull();
        assertThat(match.path("distanceM").asDouble()).isCloseTo(haversine(last[0], last[1], last[0], probeLon),
                within(5.0));
    }

    @Test
    void shouldLogEveryRecordInBothConsumerGroupsWhenWalkthroughLoggingIsOn() throws Exception {
        String riderId = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = post(stack.url(ServiceKind.INGEST) + "/api/v1/locations",
                tokens.riderToken(riderId, "phone-1"), Map.of("riderId",
                riderId, "lat", 12.9716, "lon", 77.5946, "recordedAt", Instant.now().minusSeconds(1).toString()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        int partition = JSON.readTree(accepted.body()).path("partition").asInt();
        String topic = stack.options().topic();
        for (ServiceKind kind : List.of(ServiceKind.TRIP, ServiceKind.RIDER)) {
            Path log = stack.instance(kind, 0).logFile();
            String expected = kind.module() + ": [" + topic + "]: PART:" + partition + ": ";
            Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Files.readAllLines(log))
                    .anyMatch(line -> line.contains(expected) && line.contains(riderId)));
        }
        // The group converges asynchronously (KIP-848 hands partitions to the instance's consumers one by one).
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode assignments = json(get(stack.url(ServiceKind.TRIP) + "/api/v1/consumer/assignments",
                    tokens.operatorToken()));
            assertThat(assignments.path("group").asString()).isEqualTo("trip-service");
            assertThat(assignments.path("partitions")).hasSize(stack.topicPartitions());
        });
    }

    @Test
    void shouldPrintAnUpdatePostedThroughIngestWithTheNotesKafkajsConsumerWhenItRegistersTheSnappyCodec()
            throws Exception {
        // Node.js is part of the build's tool set (CI has it): a missing node must fail here, not skip the step.
        String nodeVersion = requireTool("node", "--version");
        requireTool("npm", "--version");
        Path consumerDir = stack.runDirectory().resolve("kafkajs-consumer");
        Files.createDirectories(consumerDir);
        for (String file : KAFKAJS_CONSUMER_FILES) {
            Files.copy(root.resolve("infra/walkthrough/kafkajs-consumer").resolve(file), consumerDir.resolve(file));
        }
        Path npmLog = consumerDir.resolve("npm-ci.log");
        int npm = runToEnd(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(consumerDir.toFile()),
                npmLog, Duration.ofMinutes(5));
        assertThat(npm).as("npm ci (node %s):%n%s", nodeVersion, Files.readString(npmLog)).isZero();

        // Posted exactly as a client posts it: ingest's producer writes it (compressed with snappy, its default).
        String riderId = "kafkajs-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = post(stack.url(ServiceKind.INGEST) + "/api/v1/locations",
                tokens.riderToken(riderId, "phone-1"), Map.of("riderId",
                riderId, "lat", 12.9716, "lon", 77.5946, "recordedAt", Instant.now().minusSeconds(1).toString()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        int partition = JSON.readTree(accepted.body()).path("partition").asInt();
        String topic = stack.options().topic();

        String group = "notes-group-" + Long.toString(System.nanoTime(), 36);
        Path consumerLog = consumerDir.resolve("consumer.log");
        Process consumer = start(new ProcessBuilder("node", "consumer.js", group), consumerDir, topic, consumerLog);
        try {
            String expected = group + ": [" + topic + "]: PART:" + partition + ": ";
            Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(consumer.isAlive()).as("node consumer.js:%n%s", Files.readString(consumerLog)).isTrue();
                    assertThat(Files.readAllLines(consumerLog)).as("node consumer.js output")
                        .anyMatch(line -> line.startsWith(expected) && line.contains("\"riderId\":\"" + riderId + "\""));
                });
            String line = Files.readAllLines(consumerLog)
                .stream()
                .filter(l -> l.startsWith(expected) && l.contains(riderId))
                .findFirst()
                .orElseThrow();
            JsonNode record = JSON.readTree(line.substring(expected.length()));
            assertThat(record.path("riderId").asString()).isEqualTo(riderId);
            assertThat(record.path("lat").asDouble()).isCloseTo(12.9716, within(1e-9));
        }
        finally {
            stop(consumer);
        }

        // The same consumer without the registration is the notes' defect: kafkajs 2 cannot read ingest's batches.
        Path withoutCodecLog = consumerDir.resolve("without-codec.log");
        ProcessBuilder withoutCodec = new ProcessBuilder("node", "-e", KAFKAJS_WITHOUT_CODEC);
        withoutCodec.environment().put("GROUP", group + "-without-codec");
        Process plain = start(withoutCodec, consumerDir, topic, withoutCodecLog);
        try {
            Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Files.readString(withoutCodecLog))
                    .contains("CRASH KafkaJSNotImplemented: Snappy compression not implemented"));
            assertThat(plain.waitFor(15, TimeUnit.SECONDS)).as("the crashed consumer exits").isTrue();
            assertThat(plain.exitValue()).isEqualTo(3);
            assertThat(Files.readString(withoutCodecLog)).doesNotContain("READ ", riderId);
        }
        finally {
            stop(plain);
        }
    }

    /** Runs {@code tool --version}; a tool that is not on the PATH fails the test with what to install. */
    private static String requireTool(String tool, String versionFlag) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes()).trim();
            assertThat(process.waitFor()).as("%s %s: %s", tool, versionFlag, version).isZero();
            return version;
        }
        catch (IOException e) {
            throw new AssertionError(tool + " is not on the PATH (" + e.getMessage() + "): the walkthrough's kafkajs "
                    + "consumer step needs Node.js 18 or newer with npm; install them (Debian: apt-get install nodejs "
                    + "npm) and run the test again", e);
        }
    }

    private static int runToEnd(ProcessBuilder builder, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", builder.command()) + " did not finish within " + timeout + ":\n"
                    + Files.readString(log));
        }
        return process.exitValue();
    }

    private static Process start(ProcessBuilder builder, Path directory, String topic, Path log) throws IOException {
        builder.environment().put("KAFKA_BROKERS", stack.bootstrapServers());
        builder.environment().put("TOPIC_NAME", topic);
        return builder.directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM first: consumer.js then leaves its group at once. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static double expectedDistanceMetres() {
        double total = 0;
        for (int i = 1; i < ROUTE.length; i++) {
            total += haversine(ROUTE[i - 1][0], ROUTE[i - 1][1], ROUTE[i][0], ROUTE[i][1]);
        }
        return total;
    }

    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double earthRadius = 6_371_000;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * earthRadius * Math.asin(Math.sqrt(a));
    }

    private static Map<String, Double> point(double[] latLon) {
        return Map.of("lat", latLon[0], "lon", latLon[1]);
    }

    private static JsonNode findRider(JsonNode nearby, String riderId) {
        for (JsonNode item : nearby.path("riders")) {
            if (riderId.equals(item.path("riderId").asString())) {
                return item;
            }
        }
        return null;
    }

    private static String lastSegment(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", DemoTokenClient.bearer(token))
            .GET()
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, Object body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", DemoTokenClient.bearer(token))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
