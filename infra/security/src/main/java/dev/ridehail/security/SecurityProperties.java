package dev.ridehail.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ridehail.security.*}: who may call the API (the token issuer and what a token must say), the demo issuer,
 * and the rate limits. Every service binds the same record; the README's configuration table lists the variables.
 *
 * @param enabled    false turns every check off (only for the benchmark's comparison run; refused with profile prod)
 * @param jwt        the production issuer
 * @param demoIssuer the project's own issuer, for the local stack, compose and the demo
 * @param rateLimits ingest and read limits
 */
@ConfigurationProperties("ridehail.security")
@Validated
public record SecurityProperties(@DefaultValue("true") boolean enabled, @Valid @DefaultValue Jwt jwt,
        @Valid @DefaultValue DemoIssuer demoIssuer, @Valid @DefaultValue RateLimitSettings rateLimits) {

    /**
     * @param issuerUri  an OIDC issuer: its discovery document names the JWKS (looked up at the first request)
     * @param jwkSetUri  a JWKS address, used with {@code issuer} when there is no discovery document
     * @param issuer     the {@code iss} tokens verified through {@code jwkSetUri} must carry
     * @param audience   the {@code aud} every token must contain
     * @param algorithm  the only JWS algorithm accepted
     * @param clockSkew  tolerance on {@code exp} and {@code nbf}
     * @param verifiedCache the tokens an instance remembers as verified
     */
    public record Jwt(String issuerUri, String jwkSetUri, String issuer, @NotBlank @DefaultValue("ridehail-api") String audience,
            @NotBlank @DefaultValue("RS256") String algorithm, @NotNull @DefaultValue("30s") Duration clockSkew,
            @Valid @DefaultValue VerifiedCache verifiedCache) {
    }

    /**
     * @param maxTokens how many verified tokens one instance remembers (0: verify every request)
     * @param maxAge    the longest a token is remembered, even when its {@code exp} is later
     */
    public record VerifiedCache(@Min(0) @DefaultValue("10000") long maxTokens,
            @NotNull @DefaultValue("5m") Duration maxAge) {
    }

    /**
     * @param enabled  hosts {@code /demo/token}, {@code /demo/jwks} and trusts only its own key
     * @param issuer   the {@code iss} of its tokens
     * @param keyFile  an RSA JWK to sign with; written there at first start when missing; empty: a key per start
     * @param tokenTtl lifetime of a token when the request asks for none
     * @param maxTtl   the longest lifetime a request may ask for
     */
    public record DemoIssuer(@DefaultValue("false") boolean enabled,
            @NotBlank @DefaultValue("http://localhost:8081/demo") String issuer, Path keyFile,
            @NotNull @DefaultValue("15m") Duration tokenTtl, @NotNull @DefaultValue("1h") Duration maxTtl) {
    }

    /**
     * @param ingest per rider and device; a batch costs its number of items
     * @param reads  per caller, on every GET under /api
     * @param maxKeys how many rider/caller buckets one instance keeps
     */
    public record RateLimitSettings(@Valid Limit ingest, @Valid Limit reads, @Min(1) @DefaultValue("1000000") long maxKeys) {

        /** Defaults a real app never reaches: one update a second sustained, a full batch at once; 20 reads a second. */
        public static final Limit DEFAULT_INGEST = new Limit(600, 1);

        public static final Limit DEFAULT_READS = new Limit(100, 20);

        public RateLimitSettings {
            ingest = ingest == null ? DEFAULT_INGEST : ingest;
            reads = reads == null ? DEFAULT_READS : reads;
        }
    }

    /**
     * A token bucket.
     *
     * @param burst     the bucket's size: what a client may send at once after a quiet spell
     * @param perSecond the sustained rate the bucket refills at
     */
    public record Limit(@Min(1) long burst, @Min(1) long perSecond) {

        /** Seconds for an empty bucket to fill again: the policy's window. */
        public long windowSeconds() {
            return Math.max(1, (burst + perSecond - 1) / perSecond);
        }
    }
}
