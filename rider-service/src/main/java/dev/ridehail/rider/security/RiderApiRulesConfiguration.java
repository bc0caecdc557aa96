package dev.ridehail.rider.security;

import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import java.util.List;

import static dev.ridehail.security.Scopes.authority;

/**
 * Which scope each rider-service endpoint needs; the shared chain of api-security runs these after its probe, docs and
 * actuator rules. Whose data a reader may see (a rider only its own) is decided by the controllers, which answer the
 * same 404 for another rider's data as for data that does not exist. {@code /api/v1/consumer/assignments} has its rule
 * beside its endpoint, in kafka-db-offsets.
 */
@Configuration(proxyBeanMethods = false)
class RiderApiRulesConfiguration {

    // HEAD runs the GET handler (and tells the body's length), so it needs what GET needs.
    private static final List<HttpMethod> READS = List.of(HttpMethod.GET, HttpMethod.HEAD);

    @Bean
    ApiRules riderApiRules() {
        String[] selfOrFleet = { authority(Scopes.SELF_READ), authority(Scopes.FLEET_READ) };
        String fleet = authority(Scopes.FLEET_READ);
        return requests -> {
            for (HttpMethod read : READS) {
                requests
                    // before the single-segment rule below, which "nearby" would match as a riderId
                    .requestMatchers(read, "/api/v1/riders/nearby").hasAuthority(fleet)
                    .requestMatchers(read, "/api/v1/riders/*/location").hasAnyAuthority(selfOrFleet)
                    .requestMatchers(read, "/api/v1/riders/*").hasAnyAuthority(selfOrFleet)
                    .requestMatchers(read, "/api/v1/riders").hasAuthority(fleet);
            }
            requests.requestMatchers(HttpMethod.POST, "/api/v1/riders").hasAuthority(authority(Scopes.ADMIN))
                .requestMatchers(HttpMethod.PUT, "/api/v1/riders/*/status").hasAuthority(authority(Scopes.ADMIN));
        };
    }
}
