package dev.ridehail.rider.web;

import dev.ridehail.rider.position.PositionNotFoundException;
import dev.ridehail.rider.registry.RiderConflictException;
import dev.ridehail.rider.registry.RiderNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error as an RFC 9457 problem detail. Bad input names each offending field in {@code errors}; unexpected
 * failures are logged here and answered without any internal detail.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final String RETRY_AFTER_SECONDS = "5";

    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(RiderNotFoundException.class)
    ProblemDetail riderNotFound(RiderNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Rider not found", ex.getMessage());
    }

    @ExceptionHandler(PositionNotFoundException.class)
    ProblemDetail positionNotFound(PositionNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Position not found", ex.getMessage());
    }

    @ExceptionHandler(RiderConflictException.class)
    ProblemDetail conflict(RiderConflictException ex) {
        return problem(HttpStatus.CONFLICT, "Rider already registered", ex.getMessage());
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException ex) {
        return invalid(List.of(new FieldProblem(ex.parameter(), ex.getMessage())));
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
                    "The database did not answer in time; retry later."));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected error answering a request", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; it has been logged.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map(ApiExceptionHandler::fieldProblem)
            .sorted((a, b) -> a.field().compareTo(b.field()))
            .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Class<?> type = ex.getRequiredType();
        String message = type != null && type.isEnum() ? "must be one of " + Arrays.toString(type.getEnumConstants())
                : "must be a " + (type == null ? "valid value" : type.getSimpleName());
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(ex.getPropertyName(), message))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(ex.getParameterName(), "required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath()
                .stream()
                .map(JacksonException.Reference::getPropertyName)
                .filter(name -> name != null)
                .collect(Collectors.joining("."));
            return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(field, expected(mismatch)))));
        }
        return ResponseEntity.badRequest()
            .body(problem(HttpStatus.BAD_REQUEST, "Malformed request body", "The request body is not valid JSON."));
    }

    private static String expected(MismatchedInputException mismatch) {
        Class<?> target = mismatch.getTargetType();
        if (mismatch instanceof InvalidFormatException && target != null && target.isEnum()) {
            return "must be one of " + Arrays.toString(target.getEnumConstants());
        }
        return target == null ? "has the wrong type" : "must be a " + target.getSimpleName();
    }

    private static FieldProblem fieldProblem(FieldError error) {
        return new FieldProblem(error.getField(), error.getDefaultMessage());
    }

    private static ProblemDetail invalid(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", errors.stream()
            .map(error -> error.field() + ": " + error.message())
            .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
