package dev.ridehail.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/**
 * 403 for a valid token without the scope an endpoint needs: Spring's {@code WWW-Authenticate: Bearer
 * error="insufficient_scope"} header plus a problem+json body {@code insufficient-scope}.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

    private final ProblemResponses problems;

    ProblemAccessDeniedHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        bearer.handle(request, response, exception);
        problems.write(request, response, response.getStatus(), "insufficient-scope", "Insufficient scope",
                "The token's scopes do not allow " + request.getMethod() + " " + request.getRequestURI());
    }
}
