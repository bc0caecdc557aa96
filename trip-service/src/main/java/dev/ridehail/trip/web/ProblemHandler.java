package dev.ridehail.trip.web;

import dev.ridehail.problems.DatabaseProblemAdvice;
import dev.ridehail.problems.Problems;
import dev.ridehail.trip.history.RiderNotFoundException;
import dev.ridehail.trip.trip.IllegalTripTransitionException;
import dev.ridehail.trip.trip.TripAlreadyExistsException;
import dev.ridehail.trip.trip.TripNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * trip-service's own problems; bad input, the database-unavailable 503 and the generic 500 are the shared
 * {@link DatabaseProblemAdvice}'s.
 */
@RestControllerAdvice
class ProblemHandler extends DatabaseProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(TripNotFoundException.class)
    ProblemDetail notFound(TripNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "trip-not-found", "Trip not found", ex.getMessage());
    }

    @ExceptionHandler(RiderNotFoundException.class)
    ProblemDetail riderNotFound(RiderNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "rider-not-found", "Rider not found", ex.getMessage());
    }

    @ExceptionHandler(IllegalTripTransitionException.class)
    ProblemDetail illegalTransition(IllegalTripTransitionException ex) {
        return Problems.of(HttpStatus.CONFLICT, "illegal-trip-transition", "Illegal trip transition", ex.getMessage());
    }

    @ExceptionHandler(TripAlreadyExistsException.class)
    ProblemDetail alreadyExists(TripAlreadyExistsException ex) {
        return Problems.of(HttpStatus.CONFLICT, "trip-already-exists", "Trip already exists", ex.getMessage());
    }

    // A concurrent insert of the same trip id loses at the unique key: a 409 like the checked case, while the
    // constraint's text stays in the log.
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException ex) {
        log.info("Rejected a write that conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", "The request conflicts with the stored state");
    }
}
