package dev.ridehail.rider.web;

import dev.ridehail.problems.DatabaseProblemAdvice;
import dev.ridehail.problems.Problems;
import dev.ridehail.rider.position.PositionNotFoundException;
import dev.ridehail.rider.registry.RiderConflictException;
import dev.ridehail.rider.registry.RiderNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * rider-service's own problems; bad input, the database-unavailable 503 and the generic 500 are the shared
 * {@link DatabaseProblemAdvice}'s.
 */
@RestControllerAdvice
class ProblemHandler extends DatabaseProblemAdvice {

    @ExceptionHandler(RiderNotFoundException.class)
    ProblemDetail riderNotFound(RiderNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "rider-not-found", "Rider not found", ex.getMessage());
    }

    @ExceptionHandler(PositionNotFoundException.class)
    ProblemDetail positionNotFound(PositionNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "position-not-found", "Position not found", ex.getMessage());
    }

    @ExceptionHandler(RiderConflictException.class)
    ProblemDetail conflict(RiderConflictException ex) {
        return Problems.of(HttpStatus.CONFLICT, "rider-conflict", "Rider already registered", ex.getMessage());
    }
}
