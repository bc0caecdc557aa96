package dev.ridehail.trip.web;

import dev.ridehail.trip.trip.IllegalTripTransitionException;
import dev.ridehail.trip.trip.TripAlreadyExistsException;
import dev.ridehail.trip.trip.TripNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every error as an RFC 9457 problem document. Bad input names each offending parameter or field in {@code errors};
 * unexpected failures answer a generic 500 and are logged, never echoed.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(TripNotFoundException.class)
    ProblemDetail notFound(TripNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Trip not found", ex.getMessage(), null);
    }

    @ExceptionHandler({ IllegalTripTransitionException.class, TripAlreadyExistsException.class })
    ProblemDetail conflict(RuntimeException ex) {
        return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), null);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException ex) {
        log.info("Rejected a write that conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict", "The request conflicts with the stored state", null);
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request parameter",
                "Invalid parameter '" + ex.parameter() + "': " + ex.getMessage(),
                List.of(Map.of("parameter", ex.parameter(), "message", ex.getMessage())));
    }

    /**
     * The database is down, restarting, overloaded or locked: the query could not complete within its connection or
     * statement timeout. A 503 tells clients to retry instead of waiting; nothing was changed.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable while answering a request: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
            .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                    "The database did not answer in time; retry later.", null));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request could not be processed", null);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(Map.of("parameter", String.valueOf(name), "message", String.valueOf(error.getDefaultMessage())));
            }
        });
        return badInput("Invalid request parameter", errors, "parameter", headers);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
            .forEach(error -> errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()))));
        ex.getBindingResult().getGlobalErrors()
            .forEach(error -> errors.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        return badInput("Invalid request body", errors, "field", headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String expected = ex.getRequiredType() != null ? expectation(ex.getRequiredType()) : "a valid value";
        List<Map<String, String>> errors = List.of(Map.of("parameter", name, "message", "must be " + expected));
        return badInput("Invalid request parameter", errors, "parameter", headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Unreadable request body",
                "The body is not valid JSON or a field has the wrong type", null);
        return ResponseEntity.badRequest().headers(headers).body(body);
    }

    private static String expectation(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "Instant" -> "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
            case "Integer", "int", "Long", "long" -> "an integer";
            default -> "a valid value";
        };
    }

    private static ResponseEntity<Object> badInput(String title, List<Map<String, String>> errors, String key,
            HttpHeaders headers) {
        String detail = errors.isEmpty() ? "Invalid input"
                : errors.stream().map(e -> "'" + e.get(key) + "' " + e.get("message")).reduce((a, b) -> a + "; " + b).orElseThrow();
        return ResponseEntity.badRequest().headers(headers).body(problem(HttpStatus.BAD_REQUEST, title, detail, errors));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<?> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
