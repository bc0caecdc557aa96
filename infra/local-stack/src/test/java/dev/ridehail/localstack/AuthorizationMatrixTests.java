package dev.ridehail.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ridehail.contract.tokens.DemoTokenClient;
import dev.ridehail.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's authorization matrix, against the real stack (three service JVMs, a broker, PostgreSQL): every endpoint
 * of the three services and the actuator writes and reads, each called by nine callers — no token, four kinds of bad
 * token, another rider, the rider the resource belongs to, an operator and an admin — with the status each must get
 * (security design, "Endpoint scopes"). Afterwards the topic and both databases must hold nothing a refused request
 * tried to write.
 *
 * <p>The good tokens come from the stack's demo issuer. The bad ones cannot, so the test writes its own RSA key into
 * the demo issuer's key file before the stack starts: ingest signs with it, trip and rider fetch it from ingest's JWK
 * set, and the test holds the private key to mint tokens that are expired, for another audience, forged (same
 * {@code kid}, another key) or unsigned ({@code alg: none}), all otherwise exactly like the issuer's own.
 */
class AuthorizationMatrixTests {

    /** The columns of the matrix, in the order the table prints them. */
    enum Caller {

        NO_TOKEN("no token"), EXPIRED("expired"), FORGED("forged"), WRONG_AUDIENCE("wrong aud"), ALG_NONE("alg none"),
        OTHER_RIDER("other rider"), RIDER_SELF("rider self"), OPERATOR("operator"), ADMIN("admin");

        final String title;

        Caller(String title) {
            this.title = title;
        }

        String slug() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * One request: {@code subject} is whom a bad token of this call names (for writes the rider the body names, so
     * that the token's defect is the only reason left to refuse it).
     */
    record Call(String method, String path, Object body, String subject) {
    }

    /** One row: an endpoint, how each caller calls it, and the status each must get (in {@link Caller} order). */
    record Row(String endpoint, ServiceKind service, Function<Caller, Call> call, int[] expected) {

        int expected(Caller caller) {
            return expected[caller.ordinal()];
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String RIDER_SCOPE = "location:write self:read trip:write";

    private static final String AUDIENCE = "ridehail-api";

    private static final String SELF = "mx-self";

    private static final String OTHER = "mx-other";

    /** The rider whose status the admin changes (the refused status changes aim at {@link #SELF}). */
    private static final String MANAGED = "mx-managed";

    /** The rider the admin registers; every refused registration names an {@code mx-no-} rider. */
    private static final String REGISTERED = "mx-registered";

    /** Every write a caller must be refused names a rider with this prefix (or is {@link #OTHER}'s own). */
    private static final String REFUSED_PREFIX = "mx-no-";

    private static final String DEVICE = "phone-1";

    private static final double LAT = 12.9716;

    private static final double LON = 77.5946;

    private static LocalStack stack;

    private static DemoTokenClient demoTokens;

    private static RSAKey issuerKey;

    private static RSASSASigner signer;

    private static RSASSASigner forger;

    /** Self's trips: the one with points (reads), and targets for the state changes. */
    private static UUID mainTrip;

    private static UUID refusedRequested;

    private static UUID refusedStarted;

    private static final Map<Caller, UUID> toStart = new EnumMap<>(Caller.class);

    private static final Map<Caller, UUID> toComplete = new EnumMap<>(Caller.class);

    private static final Map<Caller, UUID> toCancel = new EnumMap<>(Caller.class);

    private static String selfStatusBefore;

    private static String statusToSet;

    @BeforeAll
    static void startStackWithTheTestsSigningKey() throws Exception {
        Path root = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String serverUrl = TestPostgres.serverUrl();
        LocalStackOptions options = LocalStackOptions.defaults(root)
            .withRunDirectory(root.resolve("infra/local-stack/target/matrix-" + suffix))
            .withFreePorts()
            // One partition: a last update seen by both consumers proves every earlier record was handled.
            .withKafka(null, 0, 1)
            .withPostgres(serverUrl.substring(0, serverUrl.lastIndexOf('/')), TestPostgres.username(),
                    TestPostgres.password())
            .withDatabase(ServiceKind.TRIP, "matrix_trip_" + suffix, true)
            .withDatabase(ServiceKind.RIDER, "matrix_rider_" + suffix, true)
            .withServiceJvmOptions(List.of("-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
            .withStartTimeout(Duration.ofSeconds(240));
        String kid = "matrix-" + UUID.randomUUID();
        issuerKey = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
            .generate();
        // Same kid: the services pick the real public key for it, so only the signature check can refuse.
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
            .generate();
        signer = new RSASSASigner(issuerKey);
        forger = new RSASSASigner(impostor);
        Files.createDirectories(options.runDirectory());
        Files.writeString(options.demoIssuerKeyFile(), issuerKey.toJSONString());
        stack = LocalStack.start(options);
        demoTokens = new DemoTokenClient(stack.demoIssuer());
        createFixtures();
    }

    @AfterAll
    static void stopStack() {
        if (demoTokens != null) {
            demoTokens.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    /** The matrix. Columns: no token, expired, forged, wrong aud, alg none, other rider, rider self, operator, admin. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // location-ingest-service
        rows.add(row("POST /api/v1/locations", ServiceKind.INGEST,
                c -> write("POST", "/api/v1/locations", writer(c, "loc"), update(writer(c, "loc"), null)),
                401, 401, 401, 401, 401, 403, 202, 403, 403));
        rows.add(row("POST /api/v1/locations/batch", ServiceKind.INGEST,
                c -> write("POST", "/api/v1/locations/batch", writer(c, "batch"), batch(c)),
                401, 401, 401, 401, 401, 403, 202, 403, 403));
        // rider-service
        rows.add(row("GET /api/v1/riders/{self}/location", ServiceKind.RIDER,
                c -> read("/api/v1/riders/" + SELF + "/location"),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("GET /api/v1/riders/nearby", ServiceKind.RIDER,
                c -> read("/api/v1/riders/nearby?lat=" + LAT + "&lon=" + LON + "&radiusM=1000&limit=5"),
                401, 401, 401, 401, 401, 403, 403, 200, 200));
        rows.add(row("GET /api/v1/riders/{self}", ServiceKind.RIDER,
                c -> read("/api/v1/riders/" + SELF),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("GET /api/v1/riders", ServiceKind.RIDER,
                c -> read("/api/v1/riders"),
                401, 401, 401, 401, 401, 403, 403, 200, 200));
        rows.add(row("POST /api/v1/riders", ServiceKind.RIDER,
                c -> write("POST", "/api/v1/riders", SELF, registration(c == Caller.ADMIN ? REGISTERED
                        : REFUSED_PREFIX + "reg-" + c.slug(), c)),
                401, 401, 401, 401, 401, 403, 403, 403, 201));
        rows.add(row("PUT /api/v1/riders/{id}/status", ServiceKind.RIDER,
                c -> write("PUT", "/api/v1/riders/" + (c == Caller.ADMIN ? MANAGED : SELF) + "/status", SELF,
                        Map.of("status", statusToSet)),
                401, 401, 401, 401, 401, 403, 403, 403, 200));
        // trip-service
        rows.add(row("GET /api/v1/riders/{self}/track", ServiceKind.TRIP,
                c -> read("/api/v1/riders/" + SELF + "/track"),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("POST /api/v1/trips", ServiceKind.TRIP,
                c -> write("POST", "/api/v1/trips", tripRider(c), trip(tripRider(c))),
                401, 401, 401, 401, 401, 403, 201, 201, 201));
        rows.add(row("POST /api/v1/trips/{id}/start", ServiceKind.TRIP,
                c -> write("POST", "/api/v1/trips/" + toStart.getOrDefault(c, refusedRequested) + "/start", SELF,
                        Map.of()),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("POST /api/v1/trips/{id}/complete", ServiceKind.TRIP,
                c -> write("POST", "/api/v1/trips/" + toComplete.getOrDefault(c, refusedStarted) + "/complete", SELF,
                        Map.of()),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("POST /api/v1/trips/{id}/cancel", ServiceKind.TRIP,
                c -> write("POST", "/api/v1/trips/" + toCancel.getOrDefault(c, refusedRequested) + "/cancel", SELF,
                        Map.of()),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("GET /api/v1/trips/{id}", ServiceKind.TRIP,
                c -> read("/api/v1/trips/" + mainTrip),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("GET /api/v1/trips/{id}/route", ServiceKind.TRIP,
                c -> read("/api/v1/trips/" + mainTrip + "/route"),
                401, 401, 401, 401, 401, 404, 200, 200, 200));
        rows.add(row("GET /api/v1/trips?riderId={self}", ServiceKind.TRIP,
                c -> read("/api/v1/trips?riderId=" + SELF),
                401, 401, 401, 401, 401, 403, 200, 200, 200));
        rows.add(row("GET /api/v1/trips", ServiceKind.TRIP,
                c -> read("/api/v1/trips"),
                401, 401, 401, 401, 401, 403, 403, 200, 200));
        // actuator, on the service ports (no MANAGEMENT_PORT with free ports)
        for (ServiceKind kind : ServiceKind.values()) {
            rows.add(row("GET /actuator/metrics", kind,
                    c -> read("/actuator/metrics"),
                    401, 401, 401, 401, 401, 403, 403, 200, 200));
        }
        // ingest exposes no loggers endpoint
        for (ServiceKind kind : List.of(ServiceKind.RIDER, ServiceKind.TRIP)) {
            rows.add(row("POST /actuator/loggers/ROOT", kind,
                    c -> write("POST", "/actuator/loggers/ROOT", SELF, Map.of("configuredLevel", "INFO")),
                    401, 401, 401, 401, 401, 403, 403, 403, 204));
        }
        return rows;
    }

    @Test
    void shouldAnswerEveryEndpointWithTheStatusTheSecurityDesignGivesEachCallerAndStoreNothingRefused()
            throws Exception {
        // Preconditions: the demo issuer signs with the test's key, and a token the test signs is trusted everywhere;
        // otherwise the bad tokens below could be refused for the wrong reason.
        assertThat(JSON.readTree(send("GET", stack.demoIssuer() + "/jwks", null, null).body()).path("keys").get(0)
            .path("kid").asString()).isEqualTo(issuerKey.getKeyID());
        String minted = sign(signer, claims(SELF, RIDER_SCOPE, AUDIENCE, Instant.now(), Duration.ofMinutes(5)));
        assertThat(send("GET", stack.url(ServiceKind.RIDER) + "/api/v1/riders/" + SELF + "/location", minted, null)
            .statusCode()).as("a test-signed token at rider-service").isEqualTo(200);
        assertThat(send("GET", stack.url(ServiceKind.TRIP) + "/api/v1/trips/" + mainTrip, minted, null)
            .statusCode()).as("a test-signed token at trip-service").isEqualTo(200);

        List<Row> rows = rows();
        List<String> mismatches = new ArrayList<>();
        Map<Row, Map<Caller, HttpResponse<String>>> answers = new LinkedHashMap<>();
        for (Row row : rows) {
            Map<Caller, HttpResponse<String>> byCaller = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                Call call = row.call().apply(caller);
                HttpResponse<String> answer = send(call.method(), stack.url(row.service()) + call.path(),
                        token(caller, call.subject()), call.body());
                byCaller.put(caller, answer);
                String problem = problemCheck(answer);
                if (answer.statusCode() != row.expected(caller) || problem != null) {
                    mismatches.add(String.format("%s %s as %s: expected %d, got %d%s: %s", row.service().module(),
                            row.endpoint(), caller.title, row.expected(caller), answer.statusCode(),
                            problem == null ? "" : " (" + problem + ")", abbreviate(answer.body())));
                }
            }
            answers.put(row, byCaller);
        }
        System.out.println(table(answers));
        assertThat(mismatches).as("cells that differ from the matrix").isEmpty();

        assertNothingRefusedWasStored();
    }

    /** 401 and 403 are problem+json with the slug the design names, 401 with a Bearer challenge; null when so. */
    private static String problemCheck(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status != 401 && status != 403) {
            return null;
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/problem+json")) {
            return "content type " + contentType;
        }
        String type = JSON.readTree(answer.body()).path("type").asString("");
        List<String> slugs = status == 401 ? List.of("unauthorized", "invalid-token")
                : List.of("insufficient-scope", "forbidden-rider");
        if (slugs.stream().noneMatch(slug -> type.equals("https://ridehail.dev/problems/" + slug))) {
            return "problem type " + type;
        }
        if (status == 401 && !answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
            return "no Bearer challenge";
        }
        return null;
    }

    private static void assertNothingRefusedWasStored() throws Exception {
        // A last update of self's, on the one partition: once both consumers hold it, they handled everything before.
        double sentinelLat = 12.9801;
        HttpResponse<String> sentinel = send("POST", stack.url(ServiceKind.INGEST) + "/api/v1/locations",
                demoTokens.riderToken(SELF, DEVICE), update(SELF, null, sentinelLat));
        assertThat(sentinel.statusCode()).as(sentinel.body()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count(ServiceKind.TRIP, "select count(*) from location_history where rider_id = ? and lat = ?",
                    SELF, sentinelLat)).isOne();
            assertThat(count(ServiceKind.RIDER, "select count(*) from rider_positions where rider_id = ? and lat = ?",
                    SELF, sentinelLat)).isOne();
        });

        String refused = REFUSED_PREFIX + "%";
        assertThat(count(ServiceKind.TRIP, "select count(*) from location_history where rider_id like ? or rider_id = ?",
                refused, OTHER)).as("history rows of refused updates").isZero();
        assertThat(count(ServiceKind.TRIP, "select count(*) from trips where rider_id like ?", refused))
            .as("trips created by refused requests").isZero();
        assertThat(tripStatus(refusedRequested)).as("the trip refused starts and cancels aimed at")
            .isEqualTo("REQUESTED");
        assertThat(tripStatus(refusedStarted)).as("the trip refused completions aimed at").isEqualTo("STARTED");
        assertThat(count(ServiceKind.RIDER, "select count(*) from rider_positions where rider_id like ? or rider_id = ?",
                refused, OTHER)).as("positions of refused updates").isZero();
        assertThat(count(ServiceKind.RIDER, "select count(*) from riders where rider_id like ?", refused))
            .as("riders registered by refused requests").isZero();
        assertThat(count(ServiceKind.RIDER, "select count(*) from riders where rider_id = ?", REGISTERED)).isOne();
        assertThat(riderStatus(SELF)).as("self's status after refused changes").isEqualTo(selfStatusBefore);
        assertThat(riderStatus(MANAGED)).as("the status the admin set").isEqualTo(statusToSet);

        List<ConsumerRecord<String, String>> records = topic();
        assertThat(records).as("records of refused updates on %s", stack.options().topic())
            .noneSatisfy(record -> {
                String riderId = JSON.readTree(record.value()).path("riderId").asString("");
                assertThat(riderId.startsWith(REFUSED_PREFIX) || riderId.equals(OTHER)).isTrue();
            });
        // Self's accepted updates: the fixtures' two, the matrix's single one and batch of two, the sentinel.
        List<ConsumerRecord<String, String>> own = records.stream()
            .filter(record -> JSON.readTree(record.value()).path("riderId").asString("").equals(SELF))
            .toList();
        assertThat(own).hasSize(6).allSatisfy(record -> {
            assertThat(header(record, "device-id")).isEqualTo(DEVICE);
            assertThat(header(record, "token-id")).isNotBlank();
        });
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static void createFixtures() throws Exception {
        String admin = demoTokens.adminToken();
        String self = demoTokens.riderToken(SELF, DEVICE);
        String rider = stack.url(ServiceKind.RIDER);
        for (String riderId : List.of(SELF, MANAGED)) {
            HttpResponse<String> registered = send("POST", rider + "/api/v1/riders", admin,
                    registration(riderId, null));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
        selfStatusBefore = riderStatus(SELF);
        statusToSet = selfStatusBefore.equals("OFFLINE") ? "AVAILABLE" : "OFFLINE";

        mainTrip = createTrip(self, true);
        refusedRequested = createTrip(self, false);
        refusedStarted = createTrip(self, true);
        for (Caller caller : List.of(Caller.RIDER_SELF, Caller.OPERATOR, Caller.ADMIN)) {
            toStart.put(caller, createTrip(self, false));
            toComplete.put(caller, createTrip(self, true));
            toCancel.put(caller, createTrip(self, false));
        }
        String ingest = stack.url(ServiceKind.INGEST);
        for (double lat : new double[] { LAT, LAT + 0.001 }) {
            HttpResponse<String> accepted = send("POST", ingest + "/api/v1/locations", self,
                    update(SELF, mainTrip, lat));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> trip = send("GET", stack.url(ServiceKind.TRIP) + "/api/v1/trips/" + mainTrip, self,
                    null);
            assertThat(JSON.readTree(trip.body()).path("pointCount").asInt()).isEqualTo(2);
            assertThat(send("GET", rider + "/api/v1/riders/" + SELF + "/location", self, null).statusCode())
                .isEqualTo(200);
        });
    }

    private static UUID createTrip(String token, boolean started) throws Exception {
        String trips = stack.url(ServiceKind.TRIP) + "/api/v1/trips";
        HttpResponse<String> created = send("POST", trips, token, trip(SELF));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(JSON.readTree(created.body()).path("id").asString());
        if (started) {
            HttpResponse<String> start = send("POST", trips + "/" + id + "/start", token, Map.of());
            assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        }
        return id;
    }

    // ---- requests -------------------------------------------------------------------------------------------------

    private static Row row(String endpoint, ServiceKind service, Function<Caller, Call> call, int... expected) {
        assertThat(expected).as(endpoint).hasSize(Caller.values().length);
        return new Row(endpoint, service, call, expected);
    }

    private static Call read(String path) {
        return new Call("GET", path, null, SELF);
    }

    private static Call write(String method, String path, String subject, Object body) {
        return new Call(method, path, body, subject);
    }

    /** The rider a caller's location update names: self for self, else a rider only this refused call uses. */
    private static String writer(Caller caller, String row) {
        return caller == Caller.RIDER_SELF ? SELF : REFUSED_PREFIX + row + "-" + caller.slug();
    }

    /** Self and the staff create trips for self; everyone else names a rider only this refused call uses. */
    private static String tripRider(Caller caller) {
        return switch (caller) {
            case RIDER_SELF, OPERATOR, ADMIN -> SELF;
            default -> REFUSED_PREFIX + "trip-" + caller.slug();
        };
    }

    /** Self's batch is its own two updates; another rider's mixes its own with someone else's (all refused). */
    private static Map<String, Object> batch(Caller caller) {
        String first = caller == Caller.OTHER_RIDER ? OTHER : writer(caller, "batch");
        return Map.of("updates", List.of(update(first, null), update(writer(caller, "batch"), null)));
    }

    private static Map<String, Object> update(String riderId, UUID tripId) {
        return update(riderId, tripId, LAT);
    }

    private static Map<String, Object> update(String riderId, UUID tripId, double lat) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", UUID.randomUUID().toString());
        body.put("riderId", riderId);
        if (tripId != null) {
            body.put("tripId", tripId.toString());
        }
        body.put("lat", lat);
        body.put("lon", LON);
        body.put("recordedAt", Instant.now().minusSeconds(1).toString());
        return body;
    }

    private static Map<String, Object> trip(String riderId) {
        return Map.of("riderId", riderId, "pickup", Map.of("lat", LAT, "lon", LON), "dropoff",
                Map.of("lat", LAT + 0.01, "lon", LON + 0.01));
    }

    private static Map<String, Object> registration(String riderId, Caller caller) {
        String plate = "MX " + Math.abs(riderId.hashCode() % 100_000) + (caller == null ? "" : " " + caller.ordinal());
        return Map.of("riderId", riderId, "name", "Matrix " + riderId, "vehicleType", "MOTORCYCLE", "plate", plate);
    }

    // ---- tokens ---------------------------------------------------------------------------------------------------

    /** The caller's token; bad ones name {@code subject} as a rider and differ from a good one in one way only. */
    private static String token(Caller caller, String subject) {
        Instant now = Instant.now();
        return switch (caller) {
            case NO_TOKEN -> null;
            case EXPIRED -> sign(signer, claims(subject, RIDER_SCOPE, AUDIENCE, now.minus(Duration.ofMinutes(20)),
                    Duration.ofMinutes(10)));
            case FORGED -> sign(forger, claims(subject, RIDER_SCOPE, AUDIENCE, now, Duration.ofMinutes(5)));
            case WRONG_AUDIENCE -> sign(signer, claims(subject, RIDER_SCOPE, "some-other-api", now,
                    Duration.ofMinutes(5)));
            case ALG_NONE -> unsigned(claims(subject, RIDER_SCOPE, AUDIENCE, now, Duration.ofMinutes(5)));
            case OTHER_RIDER -> demoTokens.riderToken(OTHER, DEVICE);
            case RIDER_SELF -> demoTokens.riderToken(SELF, DEVICE);
            case OPERATOR -> demoTokens.operatorToken();
            case ADMIN -> demoTokens.adminToken();
        };
    }

    /** The demo issuer's claims: from {@code issuedAt} for {@code lifetime}. */
    private static JWTClaimsSet claims(String subject, String scope, String audience, Instant issuedAt,
            Duration lifetime) {
        return new JWTClaimsSet.Builder().issuer(stack.demoIssuer().toString())
            .subject(subject)
            .audience(List.of(audience))
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", scope)
            .claim("device_id", DEVICE)
            .build();
    }

    private static String sign(RSASSASigner with, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuerKey.getKeyID())
            .type(JOSEObjectType.JWT)
            .build(), claims);
        try {
            jwt.sign(with);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

    /** {@code base64url({"alg":"none"}).base64url(claims).} with an empty signature. */
    private static String unsigned(JWTClaimsSet claims) {
        return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    // ---- reading back ---------------------------------------------------------------------------------------------

    private static long count(ServiceKind database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.databaseUrl(database), TestPostgres.username(),
                TestPostgres.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String tripStatus(UUID trip) throws Exception {
        HttpResponse<String> answer = send("GET", stack.url(ServiceKind.TRIP) + "/api/v1/trips/" + trip,
                demoTokens.operatorToken(), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("status").asString();
    }

    private static String riderStatus(String riderId) throws Exception {
        HttpResponse<String> answer = send("GET", stack.url(ServiceKind.RIDER) + "/api/v1/riders/" + riderId,
                demoTokens.operatorToken(), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("status").asString();
    }

    /** Every record on the topic, read from the beginning to the end offsets as they are now. */
    private static List<ConsumerRecord<String, String>> topic() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(stack.options().topic())
                .stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s to its end offsets %s", partitions, end)
                    .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String method, String url, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", DemoTokenClient.bearer(token));
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the printed table ----------------------------------------------------------------------------------------

    /** One line per endpoint, one column per caller; a cell is the status, {@code 403!404} when it differed. */
    private static String table(Map<Row, Map<Caller, HttpResponse<String>>> answers) {
        StringBuilder text = new StringBuilder("\nAuthorization matrix (expected status; got!expected where not)\n");
        text.append(String.format("%-24s %-36s", "service", "endpoint"));
        for (Caller caller : Caller.values()) {
            text.append(String.format(" %-11s", caller.title));
        }
        text.append('\n');
        answers.forEach((row, byCaller) -> {
            text.append(String.format("%-24s %-36s", row.service().module(), row.endpoint()));
            for (Caller caller : Caller.values()) {
                int got = byCaller.get(caller).statusCode();
                int expected = row.expected(caller);
                text.append(String.format(" %-11s", got == expected ? Integer.toString(got) : got + "!" + expected));
            }
            text.append('\n');
        });
        return text.toString();
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
