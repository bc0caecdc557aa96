package dev.ridehail.security;

import dev.ridehail.security.app.SecuredTestApplication;
import dev.ridehail.testing.TestIssuer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import org.junit.jupiter.params.provider.Arguments;

/** Every way a token can be wrong, against an external issuer (JWKS over HTTP), as trip- and rider-service run. */
class TokenValidationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<Arguments> badTokens() {
        return Stream.of(
                arguments("expired", (Function<TestIssuer, String>) issuer -> issuer.expiredRiderToken("r-1")),
                arguments("not yet valid", (Function<TestIssuer, String>) issuer -> issuer.notYetValidRiderToken("r-1")),
                arguments("wrong audience", (Function<TestIssuer, String>) issuer -> issuer.wrongAudienceRiderToken("r-1")),
                arguments("wrong issuer", (Function<TestIssuer, String>) issuer -> issuer.wrongIssuerRiderToken("r-1")),
                arguments("forged signature", (Function<TestIssuer, String>) issuer -> issuer.forgedRiderToken("r-1")),
                arguments("alg none", (Function<TestIssuer, String>) issuer -> issuer.algNoneRiderToken("r-1")),
                arguments("malformed", (Function<TestIssuer, String>) TestIssuer::malformedToken));
    }

    @Nested
    @SpringBootTest(classes = SecuredTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithAJwkSetUri {

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void issuer(DynamicPropertyRegistry registry) {
            TestIssuer.shared().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.ridehail.security.TokenValidationTests#badTokens")
        void aBadTokenIs401InvalidTokenWithAProblemBody(String name, Function<TestIssuer, String> token)
                throws Exception {
            HttpResponse<String> response = get(port, "/api/riders/r-1", token.apply(TestIssuer.shared()));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
            assertThat(response.body()).contains("https://ridehail.dev/problems/invalid-token")
                .doesNotContain("Exception").doesNotContain("at dev.");
        }

        @Test
        void aGoodTokenPassesAndCarriesItsDevice() throws Exception {
            HttpResponse<String> response = get(port, "/api/riders/r-1",
                    TestIssuer.shared().riderToken("r-1", "phone-7"));
            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void aRememberedGoodTokenLetsNoVariantOfItThrough() throws Exception {
            String token = TestIssuer.shared().riderToken("r-9", "phone-9");
            assertThat(get(port, "/api/riders/r-9", token).statusCode()).isEqualTo(200);
            String[] parts = token.split("\\.");
            String otherClaims = TestIssuer.shared().riderToken("r-8", "phone-9").split("\\.")[1];

            assertThat(get(port, "/api/riders/r-9", parts[0] + "." + otherClaims + "." + parts[2]).statusCode())
                .isEqualTo(401);
            assertThat(get(port, "/api/riders/r-9", parts[0] + "." + parts[1] + ".").statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/riders/r-9", token + "x").statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/riders/r-9", token).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @SpringBootTest(classes = SecuredTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithOidcDiscovery {

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void issuer(DynamicPropertyRegistry registry) {
            TestIssuer.shared().discoverySpringProperties().forEach((key, value) -> registry.add(key, () -> value));
        }

        @Test
        void theIssuersDiscoveryDocumentNamesTheKeys() throws Exception {
            assertThat(get(port, "/api/riders/r-2", TestIssuer.shared().riderToken("r-2")).statusCode())
                .isEqualTo(200);
            assertThat(get(port, "/api/riders/r-2", TestIssuer.shared().forgedRiderToken("r-2")).statusCode())
                .isEqualTo(401);
        }
    }

    @Nested
    class StartUp {

        @Test
        void theProductionProfileRefusesTheDemoIssuer() {
            assertThatThrownBy(() -> start("--spring.profiles.active=prod",
                    "--ridehail.security.demo-issuer.enabled=true"))
                .rootCause().hasMessageContaining("DEMO_ISSUER_ENABLED=true").hasMessageContaining("'prod'");
        }

        @Test
        void theProductionProfileRefusesDisabledSecurity() {
            assertThatThrownBy(() -> start("--spring.profiles.active=prod", "--ridehail.security.enabled=false"))
                .rootCause().hasMessageContaining("SECURITY_ENABLED=false");
        }

        @Test
        void aJwkSetUriWithoutItsIssuerIsRefused() {
            assertThatThrownBy(() -> start("--ridehail.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks"))
                .rootCause().hasMessageContaining("JWT_ISSUER");
        }

        @Test
        void noIssuerAtAllIsRefused() {
            assertThatThrownBy(() -> start()).rootCause().hasMessageContaining("No token issuer is configured");
        }

        @Test
        void withSecurityDisabledEverythingIsPermitted() throws Exception {
            try (ConfigurableApplicationContext context = start("--ridehail.security.enabled=false")) {
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                HttpResponse<String> fleet = get(port, "/api/fleet", null);
                assertThat(fleet.statusCode()).isEqualTo(200);
                assertThat(fleet.body()).contains("\"unrestricted\":true");
            }
        }

        private ConfigurableApplicationContext start(String... args) {
            String[] all = Stream.concat(Stream.of("--server.port=0"), Stream.of(args)).toArray(String[]::new);
            return new SpringApplicationBuilder(SecuredTestApplication.class).run(all);
        }
    }

    private static HttpResponse<String> get(int port, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
