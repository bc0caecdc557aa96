package dev.ridehail.security.demo;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo issuer's endpoints, open to anyone (it exists only behind {@code DEMO_ISSUER_ENABLED=true}, which the
 * production profile refuses): tokens, the public key set, and a discovery document so a service can be pointed at
 * it by {@code JWT_ISSUER_URI} like at any OIDC issuer.
 */
@RestController
@RequestMapping(DemoTokenController.PATH)
public class DemoTokenController {

    public static final String PATH = "/demo";

    private final DemoTokenIssuer issuer;

    private final DemoSigningKey key;

    public DemoTokenController(DemoTokenIssuer issuer, DemoSigningKey key) {
        this.issuer = issuer;
        this.key = key;
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DemoTokenResponse token(@RequestBody DemoTokenRequest request) {
        return issuer.issue(request);
    }

    @GetMapping(path = "/jwks", produces = { "application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE })
    public Map<String, Object> jwks() {
        return key.publicJwkSet();
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer.issuer());
        document.put("jwks_uri", issuer.issuer() + "/jwks");
        document.put("token_endpoint", issuer.issuer() + "/token");
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("subject_types_supported", List.of("public"));
        document.put("response_types_supported", List.of("token"));
        return document;
    }
}
