package dev.ridehail.rider.security;

import dev.ridehail.testing.TestIssuer;

import java.time.Duration;
import java.util.function.Function;

/** Who calls in the authorization tables: good tokens of every kind from the test JVM's {@link TestIssuer}. */
enum Callers {

    /** No Authorization header at all. */
    NOBODY(rider -> null),
    /** A rider token whose subject is the rider the request is about. */
    THE_RIDER(rider -> TestIssuer.shared().riderToken(rider)),
    /** A rider token for somebody else. */
    ANOTHER_RIDER(rider -> TestIssuer.shared().riderToken(rider + "-other")),
    /** A valid token of the rider without any scope. */
    NO_SCOPE(rider -> TestIssuer.shared().token(rider, "", null, Duration.ofMinutes(5))),
    OPERATOR(rider -> TestIssuer.shared().operatorToken()),
    ADMIN(rider -> TestIssuer.shared().adminToken());

    private final Function<String, String> token;

    Callers(Function<String, String> token) {
        this.token = token;
    }

    /** The token for a request about {@code riderId}, or null for {@link #NOBODY}. */
    String tokenAbout(String riderId) {
        return token.apply(riderId);
    }
}
