package dev.ridehail.security.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ridehail.problems.InvalidFieldException;
import dev.ridehail.security.Scopes;
import dev.ridehail.security.SecurityProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Signs short-lived RS256 tokens for a rider ({@code sub} = riderId, {@code device_id}, rider scopes), an operator
 * or an admin, with the audience the services expect. Only for the local stack, compose, the tests and the demo.
 */
public final class DemoTokenIssuer {

    static final String DEFAULT_DEVICE = "default";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final DemoSigningKey key;

    private final SecurityProperties.DemoIssuer settings;

    private final String audience;

    private final Clock clock;

    public DemoTokenIssuer(DemoSigningKey key, SecurityProperties.DemoIssuer settings, String audience, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.audience = audience;
        this.clock = clock;
    }

    public DemoTokenResponse issue(DemoTokenRequest request) {
        Duration ttl = lifetime(request.ttl());
        String kind = request.kind() == null ? "" : request.kind().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "rider" -> sign(id("riderId", request.riderId()), Scopes.RIDER,
                    request.deviceId() == null ? DEFAULT_DEVICE : id("deviceId", request.deviceId()), ttl);
            case "operator" -> sign("operator", Scopes.OPERATOR, null, ttl);
            case "admin" -> sign("admin", Scopes.ADMINISTRATOR, null, ttl);
            default -> throw new InvalidFieldException("kind", "must be rider, operator or admin");
        };
    }

    public String issuer() {
        return settings.issuer();
    }

    private Duration lifetime(Duration requested) {
        if (requested == null) {
            return settings.tokenTtl();
        }
        if (requested.isNegative() || requested.isZero() || requested.compareTo(settings.maxTtl()) > 0) {
            throw new InvalidFieldException("ttl", "must be more than 0 and at most " + settings.maxTtl());
        }
        return requested;
    }

    private static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return value;
    }

    private DemoTokenResponse sign(String subject, List<String> scopes, String deviceId, Duration ttl) {
        Instant now = clock.instant();
        String scope = String.join(" ", scopes);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .subject(subject)
            .audience(List.of(audience))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", scope);
        if (deviceId != null) {
            claims.claim("device_id", deviceId);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.privateKey().getKeyID())
            .type(JOSEObjectType.JWT).build();
        SignedJWT token = new SignedJWT(header, claims.build());
        try {
            token.sign(new RSASSASigner(key.privateKey()));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign a demo token", ex);
        }
        return new DemoTokenResponse(token.serialize(), "Bearer", ttl.toSeconds(), scope);
    }
}
