package dev.ridehail.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;

/**
 * One token bucket (Bucket4j) per key, kept in this instance's memory. A bucket untouched for its whole window is full
 * again, so evicting it then forgets nothing; only when more than {@code maxKeys} keys are active at once does an
 * evicted, partly drained bucket come back full.
 */
public final class RateLimiter {

    private final String name;

    private final SecurityProperties.Limit limit;

    private final LoadingCache<String, Bucket> buckets;

    RateLimiter(String name, SecurityProperties.Limit limit, long maxKeys) {
        this.name = name;
        this.limit = limit;
        this.buckets = Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofSeconds(limit.windowSeconds()))
            .build(key -> Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                    .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                .build());
    }

    /**
     * Takes {@code tokens} from the key's bucket, or nothing when it holds fewer.
     *
     * @throws RateLimitExceededException when the bucket holds fewer than {@code tokens}
     */
    public RateLimitDecision consume(String key, long tokens) {
        ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(tokens);
        RateLimitDecision decision = new RateLimitDecision(name, limit, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), seconds(probe.getNanosToWaitForRefill()));
        if (!probe.isConsumed()) {
            throw new RateLimitExceededException(decision, tokens);
        }
        return decision;
    }

    public String name() {
        return name;
    }

    public SecurityProperties.Limit limit() {
        return limit;
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
