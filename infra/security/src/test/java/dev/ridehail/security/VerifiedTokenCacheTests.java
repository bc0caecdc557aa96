package dev.ridehail.security;

import dev.ridehail.testing.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache in front of the real decoder (TestIssuer's JWK set over HTTP, no clock skew): what it remembers must never
 * let through a token the decoder alone would refuse.
 */
class VerifiedTokenCacheTests {

    private static final TestIssuer ISSUER = TestIssuer.shared();

    @Test
    void aTokenIsVerifiedOnceAndThenAnsweredFromMemory() {
        CountingDecoder verifier = new CountingDecoder(verifyingDecoder());
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, Duration.ofMinutes(5), Clock.systemUTC());
        String token = ISSUER.riderToken("r-1", "phone-1");

        for (int i = 0; i < 50; i++) {
            assertThat(cache.decode(token).getSubject()).isEqualTo("r-1");
        }

        assertThat(verifier.calls.get()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        String token = ISSUER.token("r-2", TestIssuer.RIDER_SCOPE, "phone-2", Duration.ofSeconds(2));
        Instant expiresAt = cache.decode(token).getExpiresAt();
        assertThat(cache.size()).isEqualTo(1);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 200);

        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtException.class)
            .hasMessageContaining("expired");
    }

    @Test
    void aTokenDifferingInOneCharacterFromARememberedOneIsVerifiedAgain() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        String token = ISSUER.riderToken("r-3", "phone-3");
        cache.decode(token);
        int signatureMiddle = token.lastIndexOf('.') + (token.length() - token.lastIndexOf('.')) / 2;
        String altered = token.substring(0, signatureMiddle) + (token.charAt(signatureMiddle) == 'A' ? 'B' : 'A')
                + token.substring(signatureMiddle + 1);

        assertThatThrownBy(() -> cache.decode(altered)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(ISSUER.forgedRiderToken("r-3"))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(ISSUER.algNoneRiderToken("r-3"))).isInstanceOf(JwtException.class);
        assertThat(cache.decode(token).getSubject()).isEqualTo("r-3");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        CountingDecoder verifier = new CountingDecoder(verifyingDecoder());
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, Duration.ofMinutes(5), Clock.systemUTC());
        String forged = ISSUER.forgedRiderToken("r-4");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(JwtException.class);
        }

        assertThat(verifier.calls.get()).isEqualTo(3);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aTokenIsRememberedAtMostMaxAgeThenVerifiedAgain() throws InterruptedException {
        CountingDecoder verifier = new CountingDecoder(verifyingDecoder());
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, Duration.ofSeconds(1), Clock.systemUTC());
        String token = ISSUER.riderToken("r-5", "phone-5");
        cache.decode(token);

        Thread.sleep(1_300);

        assertThat(cache.size()).isZero();
        assertThat(cache.decode(token).getSubject()).isEqualTo("r-5");
        assertThat(verifier.calls.get()).isEqualTo(2);
    }

    @Test
    void atMostMaxTokensAreRemembered() {
        VerifiedTokenCache cache = cache(10, Duration.ofMinutes(5));

        for (int i = 0; i < 60; i++) {
            cache.decode(ISSUER.riderToken("many-" + i, "phone"));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void maxTokensZeroTurnsTheCacheOff() {
        SecurityProperties off = properties(0, Duration.ofMinutes(5));
        assertThat(TokenDecoders.create(off, null, Clock.systemUTC())).isNotInstanceOf(VerifiedTokenCache.class);
        assertThat(TokenDecoders.create(properties(5, Duration.ofMinutes(5)), null, Clock.systemUTC()))
            .isInstanceOf(VerifiedTokenCache.class);
    }

    private static VerifiedTokenCache cache(long maxTokens, Duration maxAge) {
        return (VerifiedTokenCache) TokenDecoders.create(properties(maxTokens, maxAge), null, Clock.systemUTC());
    }

    private static JwtDecoder verifyingDecoder() {
        return TokenDecoders.create(properties(0, Duration.ofMinutes(5)), null, Clock.systemUTC());
    }

    private static SecurityProperties properties(long maxTokens, Duration maxAge) {
        return new SecurityProperties(true,
                new SecurityProperties.Jwt(null, ISSUER.jwkSetUri(), ISSUER.issuer(), TestIssuer.AUDIENCE, "RS256",
                        Duration.ZERO, new SecurityProperties.VerifiedCache(maxTokens, maxAge)),
                new SecurityProperties.DemoIssuer(false, "http://localhost:8081/demo", null, Duration.ofMinutes(15),
                        Duration.ofHours(1)),
                new SecurityProperties.RateLimitSettings(null, null, 1_000));
    }

    /** The real decoder, counting how often it is asked. */
    private static final class CountingDecoder implements JwtDecoder {

        private final JwtDecoder decoder;

        private final AtomicInteger calls = new AtomicInteger();

        CountingDecoder(JwtDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            return decoder.decode(token);
        }
    }
}
