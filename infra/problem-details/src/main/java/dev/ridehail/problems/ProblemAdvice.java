package dev.ridehail.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The part of every service's {@code @RestControllerAdvice} that is the same everywhere: Spring MVC's own exceptions
 * (type mismatch, missing parameter, unreadable body, bean validation) as problems naming each bad parameter or field,
 * {@link InvalidParameterException}, {@link InvalidFieldException} and every {@link ProblemException}, every other framework error with a {@code type}, and the generic 500 that never
 * shows internal detail. A service extends it (or {@link DatabaseProblemAdvice}) and adds only its domain mappings,
 * built with {@link Problems}.
 *
 * <p>Every problem built here passes {@link #handleExceptionInternal}, so a service that counts rejections overrides
 * that one method.
 */
public abstract class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private static final Comparator<ProblemError> BY_NAME = Comparator.comparing(ProblemError::subject,
            Comparator.nullsFirst(Comparator.naturalOrder()));

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameter(InvalidParameterException ex, WebRequest request) {
        return invalidParameters(ex, List.of(ProblemError.parameter(ex.parameter(), ex.getMessage())),
                new HttpHeaders(), request);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> invalidField(InvalidFieldException ex, WebRequest request) {
        return invalidBody(ex, List.of(ProblemError.field(ex.field(), ex.getMessage())), new HttpHeaders(), request);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> knownProblem(ProblemException ex, WebRequest request) {
        return respond(ex, ex.problem(), ex.headers(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Unexpected error answering {}", request.getDescription(false), ex);
        return respond(ex, Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR, "Internal error",
                "The request could not be processed"), new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        return invalidParameters(ex, List.of(ProblemError.parameter(name, Expectations.of(ex.getRequiredType()))),
                headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalidParameters(ex, List.of(ProblemError.parameter(ex.getParameterName(), "is required")), headers,
                request);
    }

    /** Constraints on {@code @RequestParam}/{@code @PathVariable} (and on bodies of such methods). */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ProblemError> parameters = new ArrayList<>();
        List<ProblemError> fields = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                fields.addAll(fieldErrors(body));
                return;
            }
            String name = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                parameters.add(ProblemError.parameter(name, String.valueOf(error.getDefaultMessage())));
            }
        });
        if (parameters.isEmpty() && !fields.isEmpty()) {
            return invalidBody(ex, fields, headers, request);
        }
        parameters.addAll(fields);
        return invalidParameters(ex, parameters, headers, request);
    }

    /** {@code @Valid @RequestBody} failures. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalidBody(ex, fieldErrors(ex.getBindingResult()), headers, request);
    }

    /**
     * A JSON value of the wrong type names its field (Jackson knows the path); anything else unreadable (not JSON,
     * empty) is a malformed body, described without the parser's internals.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return invalidBody(ex, List.of(ProblemError.field(path(mismatch.getPath()), expected(mismatch))), headers,
                    request);
        }
        return respond(ex, Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, "Malformed request body",
                "The request body is not valid JSON"), headers, request);
    }

    /** Every problem, framework-made or built here, gets a {@code type}. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            Problems.typeFrameworkProblem(problem);
        }
        return response;
    }

    /** Answers a problem built with {@link Problems} through {@link #handleExceptionInternal}. */
    protected final ResponseEntity<Object> respond(Exception ex, ProblemDetail problem, HttpHeaders headers,
            WebRequest request) {
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private ResponseEntity<Object> invalidParameters(Exception ex, List<ProblemError> errors, HttpHeaders headers,
            WebRequest request) {
        return respond(ex, Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER, "Invalid request parameter",
                errors), headers, request);
    }

    private ResponseEntity<Object> invalidBody(Exception ex, List<ProblemError> errors, HttpHeaders headers,
            WebRequest request) {
        return respond(ex, Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_BODY, "Invalid request body", errors),
                headers, request);
    }

    // Sorted by name so an answer naming several fields reads the same on every run.
    private static List<ProblemError> fieldErrors(Errors errors) {
        List<ProblemError> list = new ArrayList<>();
        for (FieldError error : errors.getFieldErrors()) {
            list.add(ProblemError.field(error.getField(), String.valueOf(error.getDefaultMessage())));
        }
        for (ObjectError error : errors.getGlobalErrors()) {
            list.add(ProblemError.field(error.getObjectName(), String.valueOf(error.getDefaultMessage())));
        }
        list.sort(BY_NAME);
        return list;
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return String.valueOf(parameter.getParameterName());
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(MismatchedInputException mismatch) {
        if (mismatch instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        return Expectations.of(mismatch.getTargetType());
    }
}
