package dev.ridehail.security;

import dev.ridehail.problems.ProblemException;
import dev.ridehail.problems.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Over a rate limit: 429 {@code rate-limited} with {@code Retry-After} and the rate-limit fields; nothing applied. */
public class RateLimitExceededException extends ProblemException {

    public static final String SLUG = "rate-limited";

    private final transient RateLimitDecision decision;

    public RateLimitExceededException(RateLimitDecision decision, long requested) {
        super("Rate limit '" + decision.policy() + "' exceeded: " + requested + " requested, " + decision.remaining()
                + " left of " + decision.limit().burst() + " (refills " + decision.limit().perSecond()
                + " per second); retry after " + Math.max(1, decision.retryAfterSeconds()) + " s");
        this.decision = decision;
    }

    public RateLimitDecision decision() {
        return decision;
    }

    @Override
    public ProblemDetail problem() {
        return Problems.of(HttpStatus.TOO_MANY_REQUESTS, SLUG, "Too many requests", getMessage());
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        decision.writeRefusalTo(headers::set);
        return headers;
    }
}
