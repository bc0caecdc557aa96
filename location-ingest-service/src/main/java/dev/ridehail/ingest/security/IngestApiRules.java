package dev.ridehail.ingest.security;

import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Scopes;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Which scope each ingest endpoint needs; api-security's shared chain adds the probe, documentation, actuator and
 * demo-issuer rules before these and "any valid token" after them. Whose updates a token may post is the
 * controller's check (the riderId of every update is the token's own).
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = IngestApiRules.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An RS256 access token from the configured issuer (locally the demo issuer: POST /demo/token), "
                + "audience ridehail-api; scopes in its scope claim")
public class IngestApiRules {

    /** The OpenAPI security scheme operations name in their {@code @SecurityRequirement}. */
    public static final String BEARER = "bearer-jwt";

    @Bean
    ApiRules locationRules() {
        return requests -> requests
            .requestMatchers(HttpMethod.POST, "/api/v1/locations", "/api/v1/locations/batch")
            .hasAuthority(Scopes.authority(Scopes.LOCATION_WRITE))
            // The benchmark's HTTP ceiling (benchmark profile only) pays for the same token check as an update.
            .requestMatchers(HttpMethod.POST, "/bench/noop")
            .authenticated();
    }
}
