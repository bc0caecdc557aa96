package dev.ridehail.contract.tokens;

import java.time.Duration;
import java.time.Instant;

/** One token the demo issuer granted, and when it was asked for: its lifetime is counted from the request. */
record DemoToken(String accessToken, String scope, Instant obtainedAt, Duration lifetime) {

    /** Renewed once less than a fifth of its lifetime is left, so a request in flight never carries a dead token. */
    Instant renewAt() {
        return obtainedAt.plus(lifetime.minus(lifetime.dividedBy(5)));
    }

    boolean freshAt(Instant now) {
        return now.isBefore(renewAt());
    }
}
