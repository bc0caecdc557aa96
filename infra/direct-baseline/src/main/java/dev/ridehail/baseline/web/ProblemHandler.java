package dev.ridehail.baseline.web;

import dev.ridehail.baseline.BaselineProperties;
import dev.ridehail.problems.ProblemException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details: 422 naming bad fields, 503 + Retry-After when the database cannot take the write, and the
 * security module's own problems (403 {@code forbidden-rider}, 429 {@code rate-limited} with its headers) as they are.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private final BaselineProperties properties;

    ProblemHandler(BaselineProperties properties) {
        this.properties = properties;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The location update has invalid fields.");
        List<Map<String, String>> errors = ex.getFieldErrors()
            .stream()
            .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
            .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> knownProblem(ProblemException ex) {
        ProblemDetail problem = ex.problem();
        return ResponseEntity.status(problem.getStatus()).headers(ex.headers()).body(problem);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database could not store the update; retry with the same eventId.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.retryAfter().toSeconds())))
            .body(problem);
    }
}
