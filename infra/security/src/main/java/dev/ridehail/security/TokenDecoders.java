package dev.ridehail.security;

import dev.ridehail.security.demo.DemoSigningKey;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The one JWT decoder of a service, from configuration alone: the demo issuer's own key when it is hosted here, else an
 * OIDC issuer's discovery document, else a JWKS address with the expected issuer. Every token must be signed with
 * the configured algorithm (so never {@code none}), carry the issuer and the audience, and have an {@code exp};
 * {@code exp} and {@code nbf} are checked with the configured skew. A token verified once is remembered (see
 * {@link VerifiedTokenCache}) unless the cache is turned off.
 */
final class TokenDecoders {

    private TokenDecoders() {
    }

    static JwtDecoder create(SecurityProperties properties, DemoSigningKey demoKey, Clock clock) {
        SecurityProperties.VerifiedCache cache = properties.jwt().verifiedCache();
        JwtDecoder decoder = verifying(properties, demoKey);
        if (cache.maxTokens() == 0) {
            return decoder;
        }
        return new VerifiedTokenCache(decoder, cache.maxTokens(), cache.maxAge(), clock);
    }

    private static JwtDecoder verifying(SecurityProperties properties, DemoSigningKey demoKey) {
        SecurityProperties.Jwt jwt = properties.jwt();
        SignatureAlgorithm algorithm = algorithm(jwt.algorithm());
        if (demoKey != null) {
            if (algorithm != SignatureAlgorithm.RS256) {
                throw new IllegalStateException("The demo issuer signs RS256; JWT_ALGORITHM is " + jwt.algorithm());
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(demoKey.publicKey())
                .signatureAlgorithm(algorithm).build();
            decoder.setJwtValidator(validator(properties.demoIssuer().issuer(), jwt));
            return decoder;
        }
        if (hasText(jwt.issuerUri())) {
            // Ahead of the JWKS address: trip and rider default that to the local demo issuer, so a configured OIDC
            // issuer must win over a default nobody chose.
            // Discovery at the first request, not at start-up: a service must start while its issuer is down.
            return new SupplierJwtDecoder(() -> {
                NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri())
                    .jwsAlgorithm(algorithm).build();
                decoder.setJwtValidator(validator(jwt.issuerUri(), jwt));
                return decoder;
            });
        }
        if (hasText(jwt.jwkSetUri())) {
            if (!hasText(jwt.issuer())) {
                throw new IllegalStateException("JWT_JWK_SET_URI is set without JWT_ISSUER: name the issuer ('iss') "
                        + "whose tokens that key set verifies");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(algorithm).build();
            decoder.setJwtValidator(validator(jwt.issuer(), jwt));
            return decoder;
        }
        throw new IllegalStateException("No token issuer is configured: set JWT_ISSUER_URI (an OIDC issuer), or "
                + "JWT_JWK_SET_URI and JWT_ISSUER, or DEMO_ISSUER_ENABLED=true for local use");
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, SecurityProperties.Jwt jwt) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(jwt.clockSkew()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(jwt.audience()))));
    }

    private static SignatureAlgorithm algorithm(String name) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
        if (algorithm == null) {
            throw new IllegalStateException("JWT_ALGORITHM '" + name + "' is not a JWS signature algorithm (RS256, "
                    + "ES256, PS256, ...)");
        }
        return algorithm;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
