package dev.ridehail.security;

import dev.ridehail.problems.ProblemException;
import dev.ridehail.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A write names a rider other than the token's own: 403 {@code forbidden-rider}, and nothing of it is applied. */
public class ForbiddenRiderException extends ProblemException {

    public static final String SLUG = "forbidden-rider";

    private final String riderId;

    public ForbiddenRiderException(String riderId) {
        super("This token acts only for its own rider, not for '" + riderId + "'");
        this.riderId = riderId;
    }

    public String riderId() {
        return riderId;
    }

    @Override
    public ProblemDetail problem() {
        ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, SLUG, "Forbidden rider", getMessage());
        problem.setProperty("riderId", riderId);
        return problem;
    }
}
