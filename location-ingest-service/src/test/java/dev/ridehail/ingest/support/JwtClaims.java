package dev.ridehail.ingest.support;

import tools.jackson.databind.JsonNode;

import java.util.Base64;

/** Reads a JWT's claims without checking it: what a test needs to know about a token it was given. */
public final class JwtClaims {

    private JwtClaims() {
    }

    public static JsonNode of(String token) {
        String payload = token.split("\\.")[1];
        return IngestHttp.JSON.readTree(Base64.getUrlDecoder().decode(payload));
    }
}
