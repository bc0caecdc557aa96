package dev.ridehail.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real JWT issuer for tests: an RSA key whose public half is served as a JWK set (and an OpenID discovery document)
 * by a JDK HTTP server on a free loopback port, and tokens signed with it carrying the claims the demo issuer puts in
 * its own (see the security design): {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti}, {@code scope} and, for riders, {@code device_id}; RS256 with the key's {@code kid}.
 *
 * <p>A service under test is pointed at it with {@link #springProperties()} (a {@code @DynamicPropertySource}) or, as
 * a child process, with {@link #environment()}; it then fetches the JWK set over HTTP exactly as it would from a
 * production issuer. Besides good tokens it mints the bad ones a resource server must refuse. Thread-safe.
 */
public final class TestIssuer implements AutoCloseable {

    /** The audience every service expects ({@code ridehail.security.jwt.audience}). */
    public static final String AUDIENCE = "ridehail-api";

    /** Scopes of a rider token, as the demo issuer grants them. */
    public static final String RIDER_SCOPE = "location:write self:read trip:write";

    /** Scopes of an operator token. */
    public static final String OPERATOR_SCOPE = "fleet:read trip:write";

    /** Scopes of an admin token: an operator's plus {@code admin}. */
    public static final String ADMIN_SCOPE = "fleet:read trip:write admin";

    public static final String DEFAULT_DEVICE = "test-device";

    public static final String OPERATOR_SUBJECT = "operator";

    public static final String ADMIN_SUBJECT = "admin";

    /** An {@code iss} no service trusts. */
    public static final String WRONG_ISSUER = "http://wrong-issuer.invalid";

    static final Duration LIFETIME = Duration.ofMinutes(15);

    /** Far beyond the resource servers' 30 s clock skew, so the verdict cannot depend on it. */
    static final Duration WELL_BEYOND_SKEW = Duration.ofMinutes(10);

    private static final String JWKS_PATH = "/jwks";

    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private static volatile TestIssuer shared;

    private final RSAKey key;

    private final RSASSASigner signer;

    private final RSASSASigner forger;

    private final HttpServer server;

    private final ExecutorService executor;

    private final String issuer;

    private final AtomicInteger jwksRequests = new AtomicInteger();

    private final AtomicInteger discoveryRequests = new AtomicInteger();

    private TestIssuer(RSAKey key, RSAKey impostor, HttpServer server, ExecutorService executor)
            throws JOSEException {
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.forger = new RSASSASigner(impostor);
        this.server = server;
        this.executor = executor;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(JWKS_PATH, exchange -> serve(exchange, JWKS_PATH, jwksRequests, () -> jwks));
        server.createContext(DISCOVERY_PATH,
                exchange -> serve(exchange, DISCOVERY_PATH, discoveryRequests, this::discoveryDocument));
    }

    /** One issuer per test JVM, started on first use and stopped at JVM exit. */
    public static TestIssuer shared() {
        TestIssuer issuer = shared;
        if (issuer == null) {
            synchronized (TestIssuer.class) {
                issuer = shared;
                if (issuer == null) {
                    issuer = start();
                    Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "test-issuer-stop"));
                    shared = issuer;
                }
            }
        }
        return issuer;
    }

    /** A new issuer with its own key and port; the caller closes it. */
    public static TestIssuer start() {
        try {
            String kid = "test-issuer-" + UUID.randomUUID();
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
            // Same kid, so a verifier picks the real key for it and the signature check is what must fail.
            RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "test-issuer-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            TestIssuer issuer = new TestIssuer(key, impostor, server, executor);
            server.start();
            return issuer;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot open the test issuer's HTTP port on the loopback interface", ex);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot create the test issuer's RSA key", ex);
        }
    }

    /** The {@code iss} of the tokens it signs: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return issuer;
    }

    public String jwkSetUri() {
        return issuer + JWKS_PATH;
    }

    public String discoveryUri() {
        return issuer + DISCOVERY_PATH;
    }

    /** The key id in the JWK set and in every token header, the forged one's included. */
    public String keyId() {
        return key.getKeyID();
    }

    /** How many times the JWK set was fetched: shows whether a service fetched it (lazily, once, ...). */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    /**
     * Properties that make a service trust this issuer through its JWK set URI, for a {@code @DynamicPropertySource}:
     * {@code registry -> issuer.springProperties().forEach((name, value) -> registry.add(name, () -> value))}. The
     * discovery URI is blanked and the demo issuer switched off, so nothing else can be trusted.
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ridehail.security.jwt.jwk-set-uri", jwkSetUri());
        properties.put("ridehail.security.jwt.issuer", issuer);
        properties.put("ridehail.security.jwt.issuer-uri", "");
        properties.put("ridehail.security.demo-issuer.enabled", "false");
        return properties;
    }

    /** As {@link #springProperties()}, but the service finds the JWK set through OpenID discovery. */
    public Map<String, String> discoverySpringProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ridehail.security.jwt.issuer-uri", issuer);
        properties.put("ridehail.security.jwt.jwk-set-uri", "");
        properties.put("ridehail.security.jwt.issuer", issuer);
        properties.put("ridehail.security.demo-issuer.enabled", "false");
        return properties;
    }

    /** {@link #springProperties()} as the environment variables of a service started as a child process. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JWT_JWK_SET_URI", jwkSetUri());
        environment.put("JWT_ISSUER", issuer);
        // Set even though empty: a JWT_ISSUER_URI inherited from the parent's environment would win otherwise.
        environment.put("JWT_ISSUER_URI", "");
        environment.put("DEMO_ISSUER_ENABLED", "false");
        return environment;
    }

    /** {@code "Bearer " + token}, the value of an {@code Authorization} header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public String riderToken(String riderId, String deviceId) {
        return token(riderId, RIDER_SCOPE, deviceId, LIFETIME);
    }

    public String riderToken(String riderId) {
        return riderToken(riderId, DEFAULT_DEVICE);
    }

    public String operatorToken() {
        return token(OPERATOR_SUBJECT, OPERATOR_SCOPE, null, LIFETIME);
    }

    public String adminToken() {
        return token(ADMIN_SUBJECT, ADMIN_SCOPE, null, LIFETIME);
    }

    /**
     * A good token valid from now for {@code lifetime}: any subject and scopes (space-separated, may be empty for a
     * token without a {@code scope} claim); {@code deviceId} null leaves {@code device_id} out.
     */
    public String token(String subject, String scope, String deviceId, Duration lifetime) {
        Instant now = Instant.now();
        return sign(signer, claims(issuer, subject, scope, deviceId, AUDIENCE, now, now, now.plus(lifetime)));
    }

    /** Expired {@link #WELL_BEYOND_SKEW} ago. */
    public String expiredRiderToken(String riderId) {
        Instant expiry = Instant.now().minus(WELL_BEYOND_SKEW);
        Instant issued = expiry.minus(LIFETIME);
        return sign(signer, claims(issuer, riderId, RIDER_SCOPE, DEFAULT_DEVICE, AUDIENCE, issued, issued, expiry));
    }

    /** Valid only from {@link #WELL_BEYOND_SKEW} ahead ({@code nbf}). */
    public String notYetValidRiderToken(String riderId) {
        Instant now = Instant.now();
        Instant notBefore = now.plus(WELL_BEYOND_SKEW);
        return sign(signer,
                claims(issuer, riderId, RIDER_SCOPE, DEFAULT_DEVICE, AUDIENCE, now, notBefore,
                        notBefore.plus(LIFETIME)));
    }

    public String wrongAudienceRiderToken(String riderId) {
        Instant now = Instant.now();
        return sign(signer,
                claims(issuer, riderId, RIDER_SCOPE, DEFAULT_DEVICE, "some-other-api", now, now, now.plus(LIFETIME)));
    }

    /** Signed with this issuer's key, but claiming {@link #WRONG_ISSUER} as {@code iss}. */
    public String wrongIssuerRiderToken(String riderId) {
        Instant now = Instant.now();
        return sign(signer,
                claims(WRONG_ISSUER, riderId, RIDER_SCOPE, DEFAULT_DEVICE, AUDIENCE, now, now, now.plus(LIFETIME)));
    }

    /** Claims and {@code kid} of a good rider token, signed by another RSA key: the signature does not verify. */
    public String forgedRiderToken(String riderId) {
        Instant now = Instant.now();
        return sign(forger,
                claims(issuer, riderId, RIDER_SCOPE, DEFAULT_DEVICE, AUDIENCE, now, now, now.plus(LIFETIME)));
    }

    /** An unsecured JWT: header {@code {"alg":"none"}}, a good rider token's claims, an empty signature. */
    public String algNoneRiderToken(String riderId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = claims(issuer, riderId, RIDER_SCOPE, DEFAULT_DEVICE, AUDIENCE, now, now,
                now.plus(LIFETIME));
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** Not a JWT at all. */
    public String malformedToken() {
        return "not-a-jwt";
    }

    /** Stops the HTTP server; tokens already minted stay verifiable only by whoever cached the key. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static JWTClaimsSet claims(String issuer, String subject, String scope, String deviceId,
            String audience, Instant issuedAt, Instant notBefore, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
            .subject(subject)
            .audience(List.of(audience))
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(notBefore))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString());
        if (scope != null && !scope.isEmpty()) {
            claims.claim("scope", scope);
        }
        if (deviceId != null) {
            claims.claim("device_id", deviceId);
        }
        return claims.build();
    }

    private String sign(RSASSASigner with, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(with);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign a test token", ex);
        }
        return jwt.serialize();
    }

    private byte[] discoveryDocument() {
        return ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwkSetUri() + "\","
                + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"token\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static void serve(HttpExchange exchange, String path, AtomicInteger requests, Supplier<byte[]> body)
            throws IOException {
        try (exchange) {
            // A context matches every path it prefixes; only the exact one exists.
            if (!path.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            requests.incrementAndGet();
            byte[] bytes = body.get();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
