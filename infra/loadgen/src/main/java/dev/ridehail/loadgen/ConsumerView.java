package dev.ridehail.loadgen;

import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

/**
 * Where a consumer service shows a location update through its own REST API, and how to tell from an answer whether
 * it already does. The freshness probe asks with the rider's own token.
 */
abstract class ConsumerView {

    /** For the views' {@link #shows}: the answers are small, one reader serves them all. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;

    private final String endpoint;

    private final URI baseUri;

    /**
     * @param service the service's name in the report, e.g. {@code trip-service}
     * @param endpoint the endpoint as the report names it, e.g. {@code GET /api/v1/riders/{riderId}/location}
     */
    ConsumerView(String service, String endpoint, URI baseUri) {
        this.service = service;
        this.endpoint = endpoint;
        this.baseUri = baseUri;
    }

    final String service() {
        return service;
    }

    final String endpoint() {
        return endpoint;
    }

    final URI baseUri() {
        return baseUri;
    }

    /** Path and query of the GET that would show {@code update}. */
    abstract String pathFor(LocationUpdate update);

    /** Whether a {@code 200} answer with {@code body} shows {@code update}. */
    abstract boolean shows(LocationUpdate update, String body);
}
