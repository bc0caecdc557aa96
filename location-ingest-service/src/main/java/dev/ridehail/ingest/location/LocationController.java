package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.security.IngestApiRules;
import dev.ridehail.security.Caller;
import dev.ridehail.security.RateLimitDecision;
import dev.ridehail.security.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

@RestController
@RequestMapping("/api/v1/locations")
@Tag(name = "locations", description = "Rider location updates, published durably to Kafka")
@SecurityRequirement(name = IngestApiRules.BEARER, scopes = Scopes.LOCATION_WRITE)
class LocationController {

    private static final String RETRY_CONTRACT = """
            Answers 202 only after Kafka acknowledged the write (acks=all, idempotent producer), so an accepted \
            update is never lost. When Kafka does not acknowledge within the configured bound the answer is 503 with \
            Retry-After: the update may or may not have been stored, so retry with the same eventId; consumers store \
            each eventId once, which makes the retry safe.""";

    private static final String SINGLE_EXAMPLE = """
            {"eventId":"7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10","riderId":"rider-42","tripId":null,\
            "lat":52.52,"lon":13.405,"speedMps":8.3,"headingDeg":270,"accuracyM":5,"recordedAt":"2026-11-25T16:00:00Z"}""";

    private static final String BATCH_EXAMPLE = """
            {"updates":[{"riderId":"rider-42","lat":52.52,"lon":13.405,"recordedAt":"2026-11-25T16:00:00Z"},\
            {"lat":52.5201,"lon":13.4052,"speedMps":3.1,"recordedAt":"2026-11-25T16:00:01Z"}]}""";

    private static final String INVALID_EXAMPLE = """
            {"type":"https://ridehail.dev/problems/invalid-location-update","title":"Invalid location update",\
            "status":422,"detail":"The batch contains invalid updates; none was published",\
            "instance":"/api/v1/locations/batch","errors":[{"index":1,"field":"lat","message":"must be a finite \
            number from -90 to 90"},{"index":1,"field":"receivedAt","message":"is set by the server and must not be sent"}]}""";

    private static final String UNAVAILABLE_EXAMPLE = """
            {"type":"https://ridehail.dev/problems/kafka-unavailable","title":"Kafka unavailable","status":503,\
            "detail":"Kafka did not acknowledge the update(s) within 5000 ms; retry with the same eventId(s)",\
            "instance":"/api/v1/locations"}""";

    private static final String AUTHORIZATION = """
            Needs a bearer token with scope location:write (a rider token). Every update is the token's rider: an \
            update without riderId takes the token's sub, one naming another rider is refused with 403 \
            forbidden-rider, and a batch with any such item publishes nothing. Each rider and device may send \
            INGEST_RATE_LIMIT_BURST updates at once (600) and INGEST_RATE_LIMIT_PER_SECOND (1) a second after that, a \
            batch costing its size; beyond that the answer is 429 rate-limited with Retry-After. Accepted answers \
            carry RateLimit-Policy and RateLimit.""";

    private static final String FORBIDDEN_EXAMPLE = """
            {"type":"https://ridehail.dev/problems/forbidden-rider","title":"Forbidden rider","status":403,\
            "detail":"The token may write only for its own rider, not for 'rider-7'","instance":"/api/v1/locations",\
            "riderId":"rider-7"}""";

    private final LocationUpdateParser parser;

    private final LocationPublisher publisher;

    private final UpdateAdmission admission;

    private final IngestMetrics metrics;

    private final IngestProperties.Limits limits;

    private final Clock clock;

    LocationController(LocationUpdateParser parser, LocationPublisher publisher, UpdateAdmission admission,
            IngestMetrics metrics, IngestProperties properties, Clock clock) {
        this.parser = parser;
        this.publisher = publisher;
        this.admission = admission;
        this.metrics = metrics;
        this.limits = properties.limits();
        this.clock = clock;
    }

    @Operation(summary = "Publish one location update", description = RETRY_CONTRACT + "\n\n" + AUTHORIZATION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = LocationUpdateRequest.class),
                            examples = @ExampleObject(name = "update", value = SINGLE_EXAMPLE))))
    @ApiResponse(responseCode = "202", description = "Acknowledged by Kafka",
            content = @Content(schema = @Schema(implementation = LocationAcceptedResponse.class),
                    examples = @ExampleObject(value = """
                            {"eventId":"7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10","partition":3,"offset":1042}""")))
    @ApiResponse(responseCode = "400", description = "Not well-formed UTF-8 JSON, or nested too deeply",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "No bearer token, or one that is not valid",
            headers = @Header(name = "WWW-Authenticate",
                    description = "Bearer; with error=\"invalid_token\" for a token that is not valid"),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "A token without location:write (insufficient-scope), or an "
            + "update naming a rider other than the token's (forbidden-rider); nothing was published",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = FORBIDDEN_EXAMPLE)))
    @ApiResponse(responseCode = "429", description = "The rider's device is over its ingest rate limit; nothing was "
            + "published",
            headers = { @Header(name = "Retry-After", description = "Seconds until the request could pass"),
                    @Header(name = "RateLimit-Policy", description = "\"ingest\";q=<burst>;w=<seconds to refill>"),
                    @Header(name = "RateLimit", description = "\"ingest\";r=<remaining>;t=<seconds to full>") },
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body larger than ingest.limits.max-single-body",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values; errors names every bad field",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same eventId",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = UNAVAILABLE_EXAMPLE)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LocationAcceptedResponse> publish(HttpServletRequest request, Caller caller) throws IOException {
        byte[] body = RequestBodies.readAtMost(request, limits.maxSingleBody().toBytes());
        LocationUpdateRequest update = parser.single(body);
        UpdateAdmission.Admitted admitted = admission.admit(caller, List.of(update), false, clock.instant());
        LocationPublisher.Published published = timed(false, admitted.events(), caller).getFirst();
        metrics.accepted(false, 1);
        return accepted(admitted.rateLimit())
            .body(new LocationAcceptedResponse(published.eventId(), published.partition(), published.offset()));
    }

    @Operation(summary = "Publish a batch of location updates",
            description = "All or nothing: if any update is invalid the answer is 422 naming each bad update by "
                    + "index and field, and nothing is published. A 503 means some updates may have been stored; "
                    + "retry the whole batch with the same eventIds. " + RETRY_CONTRACT + "\n\n" + AUTHORIZATION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = BatchRequest.class),
                            examples = @ExampleObject(name = "batch", value = BATCH_EXAMPLE))))
    @ApiResponse(responseCode = "202", description = "Every update acknowledged by Kafka",
            content = @Content(schema = @Schema(implementation = BatchAcceptedResponse.class)))
    @ApiResponse(responseCode = "400", description = "Not well-formed UTF-8 JSON, or nested too deeply",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "No bearer token, or one that is not valid",
            headers = @Header(name = "WWW-Authenticate",
                    description = "Bearer; with error=\"invalid_token\" for a token that is not valid"),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "A token without location:write (insufficient-scope), or an "
            + "update naming a rider other than the token's (forbidden-rider); nothing was published",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = FORBIDDEN_EXAMPLE)))
    @ApiResponse(responseCode = "429", description = "The rider's device is over its ingest rate limit; nothing was "
            + "published",
            headers = { @Header(name = "Retry-After", description = "Seconds until the request could pass"),
                    @Header(name = "RateLimit-Policy", description = "\"ingest\";q=<burst>;w=<seconds to refill>"),
                    @Header(name = "RateLimit", description = "\"ingest\";r=<remaining>;t=<seconds to full>") },
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body larger than ingest.limits.max-batch-body",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Invalid updates, or more than ingest.limits.max-batch-items",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = INVALID_EXAMPLE)))
    @ApiResponse(responseCode = "503", description = "Not every update was acknowledged in time",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchAcceptedResponse> publishBatch(HttpServletRequest request, Caller caller)
            throws IOException {
        byte[] body = RequestBodies.readAtMost(request, limits.maxBatchBody().toBytes());
        List<LocationUpdateRequest> updates = parser.batch(body);
        UpdateAdmission.Admitted admitted = admission.admit(caller, updates, true, clock.instant());
        List<LocationPublisher.Published> published = timed(true, admitted.events(), caller);
        metrics.accepted(true, published.size());
        return accepted(admitted.rateLimit())
            .body(new BatchAcceptedResponse(published.size(),
                    published.stream().map(LocationPublisher.Published::eventId).toList()));
    }

    /** 202 with the rider's ingest bucket as the IETF rate-limit fields. */
    private static ResponseEntity.BodyBuilder accepted(RateLimitDecision rateLimit) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.ACCEPTED);
        rateLimit.writeTo(answer::header);
        return answer;
    }

    private List<LocationPublisher.Published> timed(boolean batch, List<LocationUpdateEvent> events, Caller caller) {
        long start = System.nanoTime();
        List<LocationPublisher.Published> published = publisher.publish(events, caller);
        metrics.published(batch, Duration.ofNanos(System.nanoTime() - start));
        return published;
    }
}
