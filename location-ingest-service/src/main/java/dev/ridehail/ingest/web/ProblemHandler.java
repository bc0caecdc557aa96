package dev.ridehail.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.location.BodyTooLargeException;
import dev.ridehail.ingest.location.IngestMetrics;
import dev.ridehail.ingest.location.InvalidLocationUpdateException;
import dev.ridehail.ingest.location.KafkaUnavailableException;
import dev.ridehail.ingest.location.MalformedBodyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Every error this service answers, as an RFC 9457 problem ({@code application/problem+json}). Messages are written
 * for clients; internal exception text and class names never reach them.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final String TYPE_BASE = "https://ridehail.dev/problems/";

    private final IngestMetrics metrics;

    private final long retryAfterSeconds;

    ProblemHandler(IngestMetrics metrics, IngestProperties properties) {
        this.metrics = metrics;
        this.retryAfterSeconds = Math.max(1, properties.publish().retryAfter().toSeconds());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformed(MalformedBodyException ex) {
        metrics.rejected("malformed");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                ex.getMessage());
        problem.setProperty("errors", List.of(new ErrorEntry(null, ex.getMessage())));
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidLocationUpdateException ex) {
        metrics.rejected("invalid");
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-location-update",
                "Invalid location update", ex.getMessage());
        problem.setProperty("errors", ex.errors());
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException ex) {
        metrics.rejected("too_large");
        return ResponseEntity.of(problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                ex.getMessage())).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailableException ex) {
        metrics.rejected("kafka_unavailable");
        log.warn("Answering 503: {}", ex.getMessage(), ex.getCause());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
                ex.getMessage() + "; retry with the same eventId(s)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
            .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(IOException ex) {
        metrics.rejected("unreadable");
        return ResponseEntity.of(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The request body could not be read")).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        metrics.rejected("internal_error");
        log.error("Unexpected error", ex);
        return ResponseEntity.of(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be processed")).build();
    }

    /** Spring MVC's own errors (415, 405, 404, ...) keep their problem bodies; this only counts them. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        metrics.rejected(reason(statusCode));
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static String reason(HttpStatusCode status) {
        return switch (status.value()) {
            case 415 -> "unsupported_media_type";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            default -> "http_" + status.value();
        };
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorEntry(String field, String message) {
    }
}
