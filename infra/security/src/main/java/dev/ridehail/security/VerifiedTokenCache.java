package dev.ridehail.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the tokens this instance has already verified. A rider's app sends an update every few seconds with the
 * same token for its whole lifetime, and checking an RS256 signature and the claims again each time was about half
 * the service's CPU per single update (docs/location-ingest-service.md, Benchmark).
 * <p>
 * The key is the token's exact text, so a token that differs in any character (forged, re-signed, truncated, other
 * claims) misses and goes through the full decoder; a refused token is never remembered. An entry lives until the
 * token's {@code exp} (no clock skew: a late token is verified again) or {@code maxAge}, whichever comes first, so a
 * key withdrawn from the issuer's JWK set is trusted at most {@code maxAge} longer, as with the decoder's own cached
 * JWK set (5 minutes).
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder decoder;

    private final Duration maxAge;

    private final Clock clock;

    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(JwtDecoder decoder, long maxTokens, Duration maxAge, Clock clock) {
        this.decoder = decoder;
        this.maxAge = maxAge;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
            .maximumSize(maxTokens)
            .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt)))
            .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && unexpired(known)) {
            return known;
        }
        Jwt jwt = decoder.decode(token);
        if (lifetime(jwt).isPositive()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How many tokens are remembered now (after pending evictions): for tests and the docs' sizing. */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private Duration lifetime(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return Duration.ZERO;
        }
        Duration untilExpiry = Duration.between(clock.instant(), jwt.getExpiresAt());
        return untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge;
    }

    // Also checked on every hit, so that a remembered token is refused at its exp even before the cache evicts it.
    private boolean unexpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }
}
