package dev.ridehail.security;

import org.springframework.http.HttpHeaders;

import java.util.function.BiConsumer;

/**
 * What a bucket said, as the IETF rate-limit header fields (draft-ietf-httpapi-ratelimit-headers):
 * {@code RateLimit-Policy: "ingest";q=600;w=600} (quota, window in seconds) and {@code RateLimit: "ingest";r=599;t=1}
 * (remaining, seconds until the bucket is full again), plus {@code Retry-After} on a refusal.
 *
 * @param retryAfterSeconds when refused: seconds until the request could pass
 */
public record RateLimitDecision(String policy, SecurityProperties.Limit limit, long remaining, long resetSeconds,
        long retryAfterSeconds) {

    public static final String POLICY_HEADER = "RateLimit-Policy";

    public static final String LIMIT_HEADER = "RateLimit";

    public void writeTo(BiConsumer<String, String> headers) {
        headers.accept(POLICY_HEADER, "\"" + policy + "\";q=" + limit.burst() + ";w=" + limit.windowSeconds());
        headers.accept(LIMIT_HEADER, "\"" + policy + "\";r=" + remaining + ";t=" + resetSeconds);
    }

    public void writeRefusalTo(BiConsumer<String, String> headers) {
        writeTo(headers);
        headers.accept(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
    }
}
