package dev.ridehail.ingest.bench;

import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.location.RequestBodies;
import dev.ridehail.security.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP ceiling for the benchmark. Exists only with the {@code benchmark} profile, never in a normal deployment.
 *
 * <p>It does the HTTP work {@code POST /api/v1/locations} does and nothing else, so the ratio between the two is the
 * cost of the service's own work: the same server and filters, the same {@code consumes} matching (415 check), the
 * body read the same way with the same limit, and a 202 with a JSON answer of the same length, written by Spring's
 * message-converter machinery from bytes prepared once. No parsing, no validation, no Kafka, no serialisation. With
 * security on it needs a valid bearer token like the real endpoint, and gets its caller the same way, so the token's
 * signature check is part of the ceiling too.
 */
@Hidden
@Profile("benchmark")
@RestController
class HttpCeilingController {

    // As long as a real answer: {"eventId":"<36-character UUID>","partition":n,"offset":nnnnnn}
    private static final byte[] ANSWER = """
            {"eventId":"00000000-0000-0000-0000-000000000000","partition":0,"offset":123456}"""
        .getBytes(StandardCharsets.UTF_8);

    private final long limit;

    HttpCeilingController(IngestProperties properties) {
        this.limit = properties.limits().maxSingleBody().toBytes();
    }

    @PostMapping(path = "/bench/noop", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> accept(HttpServletRequest request, Caller caller) throws IOException {
        RequestBodies.readAtMost(request, limit);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(ANSWER);
    }
}
