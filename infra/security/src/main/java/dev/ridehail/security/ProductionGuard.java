package dev.ridehail.security;

import org.springframework.core.env.Environment;

/**
 * Refuses to start with profile {@code prod} when the demo issuer is on (anyone could mint any rider's token) or
 * security is off.
 */
final class ProductionGuard {

    static final String PRODUCTION_PROFILE = "prod";

    private ProductionGuard() {
    }

    static void check(Environment environment, SecurityProperties properties) {
        if (!environment.matchesProfiles(PRODUCTION_PROFILE)) {
            return;
        }
        if (properties.demoIssuer().enabled()) {
            throw new IllegalStateException("The demo token issuer is enabled (DEMO_ISSUER_ENABLED=true) with the "
                    + "production profile 'prod' active: it signs a token for any rider who asks. Turn it off and "
                    + "point JWT_ISSUER_URI (or JWT_JWK_SET_URI and JWT_ISSUER) at the real OIDC issuer.");
        }
        if (!properties.enabled()) {
            throw new IllegalStateException("Security is disabled (SECURITY_ENABLED=false) with the production "
                    + "profile 'prod' active: every endpoint would be open. It exists only for benchmark comparisons.");
        }
    }
}
