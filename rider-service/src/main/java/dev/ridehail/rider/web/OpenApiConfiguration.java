package dev.ridehail.rider.web;

import dev.ridehail.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API document: every operation needs a bearer JWT (each one's description names its scope); the {@link Caller}
 * parameter comes from the token, not from the request, so it is no parameter of the document.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI riderServiceOpenApi() {
        return new OpenAPI().info(new Info().title("rider-service")
            .description("Rider registry, latest positions, nearby riders. Bearer JWT (RS256) with the scopes "
                    + "self:read (a rider: its own data), fleet:read (operators: every rider) and admin (registry "
                    + "writes); another rider's data answers 404 as if it did not exist."))
            .components(new Components().addSecuritySchemes(BEARER,
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
