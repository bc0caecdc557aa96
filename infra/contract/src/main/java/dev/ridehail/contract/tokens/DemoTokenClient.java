package dev.ridehail.contract.tokens;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Gets bearer tokens from the demo issuer that location-ingest-service hosts when {@code DEMO_ISSUER_ENABLED=true}:
 * {@code POST {issuer}/token} with {@code {"kind":"rider","riderId":…,"deviceId":…}} (or kind {@code operator} /
 * {@code admin}), answered with {@code {"access_token","token_type","expires_in","scope"}}.
 *
 * <p>For the tools that drive the services (demo CLI, load generator, fault suite, benchmark): a token is fetched once
 * per (kind, rider, device) and reused until less than a fifth of its lifetime is left, then fetched again, so a long
 * run neither asks the issuer on every request nor sends an expired token. Thread-safe; concurrent callers for the
 * same token wait for one request instead of each sending their own.
 */
public final class DemoTokenClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonFactory JSON = new JsonFactory();

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final URI issuer;

    private final URI tokenEndpoint;

    private final Duration ttl;

    private final Clock clock;

    private final HttpClient http;

    private final ConcurrentMap<Grant, DemoToken> tokens = new ConcurrentHashMap<>();

    /** {@code issuer} is the demo issuer's {@code iss}, e.g. {@code http://localhost:8081/demo}. */
    public DemoTokenClient(URI issuer) {
        this(issuer, null, Clock.systemUTC());
    }

    public DemoTokenClient(URI issuer, Clock clock) {
        this(issuer, null, clock);
    }

    /** {@code ttl}: the lifetime to ask for (the issuer allows at most 1 h); null leaves it to the issuer (15 min). */
    public DemoTokenClient(URI issuer, Duration ttl, Clock clock) {
        Objects.requireNonNull(issuer, "issuer");
        this.issuer = issuer;
        String base = issuer.toString();
        this.tokenEndpoint = URI.create(base.endsWith("/") ? base + "token" : base + "/token");
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
        // HTTP/1.1: the issuer is plain http, where HTTP/2 would only cost an upgrade attempt on every connection.
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    }

    /** {@code "Bearer " + token}, the value of an {@code Authorization} header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public URI issuer() {
        return issuer;
    }

    /** A token for {@code riderId} on {@code deviceId}; a null device leaves it to the issuer ({@code default}). */
    public String riderToken(String riderId, String deviceId) {
        if (riderId == null || riderId.isBlank()) {
            throw new IllegalArgumentException("A rider token needs a riderId");
        }
        return token(new Grant("rider", riderId, deviceId));
    }

    public String operatorToken() {
        return token(new Grant("operator", null, null));
    }

    public String adminToken() {
        return token(new Grant("admin", null, null));
    }

    @Override
    public void close() {
        http.close();
    }

    private String token(Grant grant) {
        DemoToken cached = tokens.get(grant);
        if (cached != null && cached.freshAt(clock.instant())) {
            return cached.accessToken();
        }
        return tokens.compute(grant, (key, current) -> current != null && current.freshAt(clock.instant())
                ? current : fetch(key))
            .accessToken();
    }

    private DemoToken fetch(Grant grant) {
        Instant requestedAt = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(grant)))
            .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (ConnectException | HttpConnectTimeoutException ex) {
            throw new DemoIssuerUnreachableException(issuer, ex);
        }
        catch (HttpTimeoutException ex) {
            throw new IllegalStateException("The demo issuer at " + tokenEndpoint + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s", ex);
        }
        catch (IOException ex) {
            throw new IllegalStateException("The request to the demo issuer at " + tokenEndpoint + " failed: " + ex,
                    ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking the demo issuer at " + tokenEndpoint
                    + " for a token", ex);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(refusal(response));
        }
        return grantedToken(response.body(), requestedAt);
    }

    private byte[] requestBody(Grant grant) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("kind", grant.kind());
            if (grant.riderId() != null) {
                json.writeStringProperty("riderId", grant.riderId());
            }
            if (grant.deviceId() != null) {
                json.writeStringProperty("deviceId", grant.deviceId());
            }
            if (ttl != null) {
                json.writeStringProperty("ttl", ttl.toString());
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private DemoToken grantedToken(String body, Instant requestedAt) {
        String accessToken = null;
        String tokenType = null;
        String scope = null;
        Long expiresIn = null;
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw unusable(body, "not a JSON object");
            }
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken value = json.nextToken();
                switch (name) {
                    case "access_token" -> accessToken = value == JsonToken.VALUE_STRING ? json.getString() : null;
                    case "token_type" -> tokenType = value == JsonToken.VALUE_STRING ? json.getString() : null;
                    case "scope" -> scope = value == JsonToken.VALUE_STRING ? json.getString() : null;
                    case "expires_in" -> expiresIn = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : null;
                    default -> json.skipChildren();
                }
            }
        }
        catch (JacksonException ex) {
            throw unusable(body, "not JSON: " + ex.getOriginalMessage());
        }
        if (accessToken == null || accessToken.isBlank()) {
            throw unusable(body, "no access_token");
        }
        if (!"bearer".equals(tokenType == null ? null : tokenType.toLowerCase(Locale.ROOT))) {
            throw unusable(body, "token_type is not Bearer");
        }
        if (expiresIn == null || expiresIn < 0) {
            throw unusable(body, "no expires_in");
        }
        return new DemoToken(accessToken, scope, requestedAt, Duration.ofSeconds(expiresIn));
    }

    private IllegalStateException unusable(String body, String reason) {
        return new IllegalStateException("The demo issuer at " + tokenEndpoint + " answered 200 with an unusable body ("
                + reason + "): " + abbreviate(body));
    }

    private String refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        StringBuilder message = new StringBuilder("The demo issuer at ").append(tokenEndpoint)
            .append(" refused the token request with HTTP ")
            .append(status);
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String detail = contentType.startsWith("application/problem+json") ? problemDetail(response.body()) : null;
        if (detail != null) {
            message.append(": ").append(detail);
        }
        else if (!response.body().isBlank()) {
            message.append(": ").append(abbreviate(response.body()));
        }
        // Without its demo issuer, ingest has no /demo/token: the path is unknown or needs a token itself.
        if (status == 401 || status == 403 || status == 404) {
            message.append(" (is location-ingest-service running with DEMO_ISSUER_ENABLED=true?)");
        }
        return message.toString();
    }

    /** The problem's {@code detail}, else its {@code title}; null when the body is not a problem object. */
    private static String problemDetail(String body) {
        String detail = null;
        String title = null;
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_STRING && "detail".equals(name)) {
                    detail = json.getString();
                }
                else if (value == JsonToken.VALUE_STRING && "title".equals(name)) {
                    title = json.getString();
                }
                else {
                    json.skipChildren();
                }
            }
        }
        catch (JacksonException ex) {
            return null;
        }
        return detail != null ? detail : title;
    }

    private static String abbreviate(String body) {
        String flat = body.strip();
        return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }

    /** What a token is for: the cache key and the request body. */
    private record Grant(String kind, String riderId, String deviceId) {
    }
}
