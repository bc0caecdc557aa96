package dev.ridehail.baseline.config;

import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The baseline's one endpoint needs what ingest's location endpoints need: a rider token ({@code location:write}). */
@Configuration(proxyBeanMethods = false)
class BaselineApiRules {

    @Bean
    ApiRules locationWriteRules() {
        return requests -> requests.requestMatchers(HttpMethod.POST, "/api/v1/locations")
            .hasAuthority(Scopes.authority(Scopes.LOCATION_WRITE));
    }
}
