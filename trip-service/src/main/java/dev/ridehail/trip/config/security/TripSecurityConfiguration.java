package dev.ridehail.trip.config.security;

import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Caller;
import dev.ridehail.security.Scopes;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which scope each trip-service endpoint needs. Whose data a caller may see or change (a rider only its own) is the
 * controllers' and the service's object-level check; these rules only keep tokens without any fitting scope out.
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = TripSecurityConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An RS256 access token of the configured issuer (locally the demo issuer: "
                + "POST http://localhost:8081/demo/token); each operation's description names the scopes it needs")
public class TripSecurityConfiguration {

    /** The OpenAPI security scheme every operation refers to. */
    public static final String BEARER = "bearer";

    static final String RIDER_FILTER = "riderId";

    static {
        // A controller's Caller comes from the token, not from the request: no parameter of the API.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    ApiRules tripApiRules() {
        String selfRead = Scopes.authority(Scopes.SELF_READ);
        String fleetRead = Scopes.authority(Scopes.FLEET_READ);
        String tripWrite = Scopes.authority(Scopes.TRIP_WRITE);
        // A rider may list trips only filtered by a rider (its own, which the controller checks); the whole list and
        // other filters alone are the fleet's.
        RequestMatcher tripListOfOneRider = new AndRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/v1/trips"),
                request -> request.getParameter(RIDER_FILTER) != null);
        return requests -> requests
            .requestMatchers(HttpMethod.GET, "/api/v1/riders/*/track").hasAnyAuthority(selfRead, fleetRead)
            .requestMatchers(tripListOfOneRider).hasAnyAuthority(selfRead, fleetRead)
            .requestMatchers(HttpMethod.GET, "/api/v1/trips").hasAuthority(fleetRead)
            .requestMatchers(HttpMethod.GET, "/api/v1/trips/*", "/api/v1/trips/*/route")
            .hasAnyAuthority(selfRead, fleetRead)
            .requestMatchers(HttpMethod.POST, "/api/v1/trips", "/api/v1/trips/*/start", "/api/v1/trips/*/complete",
                    "/api/v1/trips/*/cancel")
            .hasAuthority(tripWrite);
        // /api/v1/consumer/assignments (fleet:read) has its rule beside its endpoint, in kafka-db-offsets.
    }
}
