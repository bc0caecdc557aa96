package dev.ridehail.ingest.web;

import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.location.BodyTooLargeException;
import dev.ridehail.ingest.location.FieldError;
import dev.ridehail.ingest.location.IngestMetrics;
import dev.ridehail.ingest.location.InvalidLocationUpdateException;
import dev.ridehail.ingest.location.KafkaUnavailableException;
import dev.ridehail.ingest.location.MalformedBodyException;
import dev.ridehail.problems.ProblemAdvice;
import dev.ridehail.problems.ProblemError;
import dev.ridehail.problems.Problems;
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

import java.io.IOException;
import java.util.List;

/**
 * ingest's own problems (the parser's 400 and 422, 413, Kafka's 503), each counted by reason; the shared
 * {@link ProblemAdvice} answers the rest (Spring MVC's own errors, the generic 500), counted by status in
 * {@link #handleExceptionInternal}.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final IngestMetrics metrics;

    private final long retryAfterSeconds;

    ProblemHandler(IngestMetrics metrics, IngestProperties properties) {
        this.metrics = metrics;
        this.retryAfterSeconds = Math.max(1, properties.publish().retryAfter().toSeconds());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformed(MalformedBodyException ex) {
        metrics.rejected("malformed");
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, "Malformed request body",
                ex.getMessage());
        problem.setProperty("errors", List.of(ProblemError.body(ex.getMessage())));
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidLocationUpdateException ex) {
        metrics.rejected("invalid");
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-location-update",
                "Invalid location update", ex.getMessage());
        problem.setProperty("errors", ex.errors().stream().map(FieldError::toProblemError).toList());
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException ex) {
        metrics.rejected("too_large");
        return ResponseEntity.of(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                ex.getMessage())).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailableException ex) {
        metrics.rejected("kafka_unavailable");
        log.warn("Answering 503: {}", ex.getMessage(), ex.getCause());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
                ex.getMessage() + "; retry with the same eventId(s)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
            .body(problem);
    }

    // The client went away or sent a broken chunked body mid-read.
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(IOException ex) {
        metrics.rejected("unreadable");
        return ResponseEntity.of(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, "Malformed request body",
                "The request body could not be read")).build();
    }

    /**
     * Every problem the shared advice answers (the forbidden rider's 403, the rate limit's 429, Spring MVC's 415, 405,
     * 404, ..., and the 500) is counted here. Spring Security's 401 and 403 are answered before MVC and not counted.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        metrics.rejected(reason(statusCode));
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static String reason(HttpStatusCode status) {
        return switch (status.value()) {
            case 403 -> "forbidden_rider";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 500 -> "internal_error";
            default -> "http_" + status.value();
        };
    }
}
