package dev.ridehail.security;

import dev.ridehail.security.demo.DemoSigningKey;
import dev.ridehail.security.demo.DemoTokenController;
import dev.ridehail.security.demo.DemoTokenIssuer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.List;

/**
 * Every service's security, so the three cannot drift apart: a stateless OAuth2 resource server (bearer JWT) whose
 * open paths are the probes, the API documentation, health and (on a separate management port) the Prometheus
 * scrape; other actuator reads need {@code fleet:read}, actuator writes {@code admin}; the service's {@link ApiRules}
 * come next and everything else needs a valid token. 401/403 answer with problem+json, reads under {@code /api} are
 * rate-limited per caller, and controllers get a {@link Caller}.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
public class ApiSecurityAutoConfiguration {

    private static final List<String> OPEN_PATHS = List.of("/livez", "/readyz", "/error", "/v3/api-docs/**",
            "/swagger-ui.html", "/swagger-ui/**");

    private static final RequestMatcher READ_METHODS = request -> HttpMethod.GET.matches(request.getMethod())
            || HttpMethod.HEAD.matches(request.getMethod());

    private final SecurityProperties properties;

    ApiSecurityAutoConfiguration(SecurityProperties properties, Environment environment) {
        ProductionGuard.check(environment, properties);
        this.properties = properties;
    }

    @Bean
    RateLimits rateLimits() {
        return new RateLimits(properties.rateLimits());
    }

    @Bean
    ProblemResponses securityProblemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    @ConditionalOnBooleanProperty("ridehail.security.demo-issuer.enabled")
    DemoSigningKey demoSigningKey() {
        return DemoSigningKey.load(properties.demoIssuer().keyFile());
    }

    @Bean
    @ConditionalOnBooleanProperty("ridehail.security.demo-issuer.enabled")
    DemoTokenIssuer demoTokenIssuer(DemoSigningKey key) {
        return new DemoTokenIssuer(key, properties.demoIssuer(), properties.jwt().audience(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty("ridehail.security.demo-issuer.enabled")
    DemoTokenController demoTokenController(DemoTokenIssuer issuer, DemoSigningKey key) {
        return new DemoTokenController(issuer, key);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "ridehail.security.enabled", matchIfMissing = true)
    JwtDecoder jwtDecoder(ObjectProvider<DemoSigningKey> demoKey) {
        return TokenDecoders.create(properties, demoKey.getIfAvailable(), Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ObjectProvider<ApiRules> serviceRules,
            ObjectProvider<JwtDecoder> decoder, ProblemResponses problems, Environment environment) {
        http.csrf(AbstractHttpConfigurer::disable) // bearer tokens, no cookies: nothing for CSRF to forge
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable);
        if (!properties.enabled()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
        ProblemAccessDeniedHandler deniedHandler = new ProblemAccessDeniedHandler(problems);
        boolean separateManagementPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers(OPEN_PATHS.toArray(String[]::new)).permitAll();
            if (properties.demoIssuer().enabled()) {
                requests.requestMatchers(DemoTokenController.PATH + "/**").permitAll();
            }
            requests.requestMatchers(EndpointRequest.to("health")).permitAll();
            if (separateManagementPort) {
                // Only the scraper's network reaches the management port; on the service port metrics need a token.
                requests.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
            }
            requests.requestMatchers(new AndRequestMatcher(EndpointRequest.toAnyEndpoint(), READ_METHODS))
                .hasAuthority(Scopes.authority(Scopes.FLEET_READ));
            requests.requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(Scopes.authority(Scopes.ADMIN));
            serviceRules.orderedStream().forEach(rules -> rules.authorize(requests));
            requests.anyRequest().authenticated();
        });
        http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder.getObject()))
            .authenticationEntryPoint(entryPoint)
            .accessDeniedHandler(deniedHandler));
        http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
            .accessDeniedHandler(deniedHandler));
        return http.build();
    }

    @Bean
    WebMvcConfigurer apiSecurityWebMvc(RateLimits rateLimits, ProblemResponses problems) {
        boolean enabled = properties.enabled();
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(enabled));
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new ReadRateLimitInterceptor(rateLimits.reads(), problems))
                    .addPathPatterns(ReadRateLimitInterceptor.PATTERN);
            }
        };
    }
}
