package dev.ridehail.security.demo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The OAuth2 token response fields (RFC 6749 section 5.1) a client expects. */
public record DemoTokenResponse(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn, String scope) {
}
