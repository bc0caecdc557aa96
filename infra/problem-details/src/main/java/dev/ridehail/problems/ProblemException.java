package dev.ridehail.problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * An exception that already knows its problem (and any response headers): {@link ProblemAdvice} answers it as is.
 * Shared modules throw these (the security module's 403 {@code forbidden-rider} and 429 {@code rate-limited}) so
 * each service's one advice answers them, counted like every other problem.
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String message) {
        super(message);
    }

    public abstract ProblemDetail problem();

    public HttpHeaders headers() {
        return new HttpHeaders();
    }
}
