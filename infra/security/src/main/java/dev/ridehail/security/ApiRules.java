package dev.ridehail.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's endpoint rules (which scope each of its endpoints needs). The shared filter chain applies the probe,
 * documentation, actuator and demo-issuer rules before them and {@code anyRequest().authenticated()} after them.
 */
@FunctionalInterface
public interface ApiRules {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
