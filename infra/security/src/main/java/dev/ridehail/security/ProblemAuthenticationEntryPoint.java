package dev.ridehail.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;

/**
 * 401 with Spring's RFC 6750 {@code WWW-Authenticate: Bearer ...} header and a problem+json body: {@code unauthorized}
 * without a token, {@code invalid-token} for one that failed validation (the header then says
 * {@code error="invalid_token"}). Spring's own entry point writes only the header.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    private final ProblemResponses problems;

    ProblemAuthenticationEntryPoint(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        bearer.commence(request, response, exception);
        if (exception instanceof OAuth2AuthenticationException invalid) {
            String description = invalid.getError().getDescription();
            problems.write(request, response, response.getStatus(), "invalid-token", "Invalid token",
                    description == null ? "The bearer token is not valid" : description);
        }
        else {
            problems.write(request, response, response.getStatus(), "unauthorized", "Unauthorized",
                    "This request needs a bearer token (Authorization: Bearer <token>)");
        }
    }
}
