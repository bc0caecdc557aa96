package dev.ridehail.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;

/**
 * {@link ProblemAdvice} for the services that answer from PostgreSQL (trip and rider): a database that is down,
 * restarting, overloaded or locked is a {@code 503} with {@code Retry-After}, not a 500, so clients retry instead of
 * giving up.
 */
public abstract class DatabaseProblemAdvice extends ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProblemAdvice.class);

    /** Long enough for a connection-pool retry or a database restart to finish, short enough for a live map. */
    static final long RETRY_AFTER_SECONDS = 5;

    /**
     * The query could not complete within its connection or statement timeout, or the transaction could not start;
     * nothing was changed, so a retry is safe.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class })
    ResponseEntity<Object> databaseUnavailable(Exception ex, WebRequest request) {
        log.warn("Database unavailable while answering {}: {}", request.getDescription(false), ex.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        return respond(ex, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.DATABASE_UNAVAILABLE,
                "Database unavailable", "The database did not answer in time; retry later."), headers, request);
    }
}
