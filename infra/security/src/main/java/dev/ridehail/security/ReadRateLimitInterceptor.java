package dev.ridehail.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;

/**
 * The read limit on every GET (and HEAD) under {@code /api}: one bucket per token subject (per client address when security
 * is off). A refusal is a 429 problem before the controller runs; every answer carries the rate-limit fields.
 */
final class ReadRateLimitInterceptor implements HandlerInterceptor {

    static final String PATTERN = "/api/**";

    private final RateLimiter reads;

    private final ProblemResponses problems;

    ReadRateLimitInterceptor(RateLimiter reads, ProblemResponses problems) {
        this.reads = reads;
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        // HEAD runs the GET handler, so it costs the same.
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return true;
        }
        try {
            reads.consume(clientOf(request), 1).writeTo(response::setHeader);
            return true;
        }
        catch (RateLimitExceededException refused) {
            refused.decision().writeRefusalTo(response::setHeader);
            problems.write(request, response, 429, RateLimitExceededException.SLUG, "Too many requests",
                    refused.getMessage());
            return false;
        }
    }

    private static String clientOf(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token && token.getToken().getSubject() != null) {
            return "sub:" + token.getToken().getSubject();
        }
        return "addr:" + request.getRemoteAddr();
    }
}
