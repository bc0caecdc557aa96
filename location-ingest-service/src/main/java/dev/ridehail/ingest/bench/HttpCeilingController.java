package dev.ridehail.ingest.bench;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The HTTP ceiling for the benchmark: same server, same body, no parsing and no Kafka. Exists only with the
 * {@code benchmark} profile, never in a normal deployment.
 */
@Hidden
@Profile("benchmark")
@RestController
class HttpCeilingController {

    @PostMapping("/bench/noop")
    ResponseEntity<Void> accept(HttpServletRequest request) throws IOException {
        request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }
}
