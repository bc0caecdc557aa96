package dev.ridehail.rider.security;

import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static dev.ridehail.security.Scopes.authority;

/**
 * Which scope each rider-service endpoint needs; the shared chain of api-security runs these after its probe, docs and
 * actuator rules. Whose data a reader may see (a rider only its own) is decided by the controllers, which answer the
 * same 404 for another rider's data as for data that does not exist.
 */
@Configuration(proxyBeanMethods = false)
class RiderApiRulesConfiguration {

    @Bean
    ApiRules riderApiRules() {
        String[] selfOrFleet = { authority(Scopes.SELF_READ), authority(Scopes.FLEET_READ) };
        return requests -> requests
            // before the single-segment rule below, which "nearby" would match as a riderId
            .requestMatchers(HttpMethod.GET, "/api/v1/riders/nearby").hasAuthority(authority(Scopes.FLEET_READ))
            .requestMatchers(HttpMethod.GET, "/api/v1/riders/*/location").hasAnyAuthority(selfOrFleet)
            .requestMatchers(HttpMethod.GET, "/api/v1/riders/*").hasAnyAuthority(selfOrFleet)
            .requestMatchers(HttpMethod.GET, "/api/v1/riders").hasAuthority(authority(Scopes.FLEET_READ))
            .requestMatchers(HttpMethod.POST, "/api/v1/riders").hasAuthority(authority(Scopes.ADMIN))
            .requestMatchers(HttpMethod.PUT, "/api/v1/riders/*/status").hasAuthority(authority(Scopes.ADMIN))
            // which partitions this instance owns: operations data, like the actuator's
            .requestMatchers(HttpMethod.GET, "/api/v1/consumer/assignments")
            .hasAuthority(authority(Scopes.FLEET_READ));
    }
}
