package dev.ridehail.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestIssuerTests {

    private static final Duration SKEW = Duration.ofSeconds(30);

    @AutoClose
    private static final TestIssuer issuer = TestIssuer.start();

    private static final HttpClient http = HttpClient.newHttpClient();

    @Nested
    class Endpoints {

        @Test
        void shouldServeOnlyThePublicKeyInTheJwkSet() throws Exception {
            HttpResponse<String> response = get(issuer.jwkSetUri());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JWKSet jwks = JWKSet.parse(response.body());
            assertThat(jwks.getKeys()).singleElement().satisfies(key -> {
                assertThat(key).isInstanceOf(RSAKey.class);
                assertThat(key.getKeyID()).isEqualTo(issuer.keyId());
                assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
                assertThat(key.isPrivate()).isFalse();
                assertThat(((RSAKey) key).size()).isEqualTo(2048);
            });
            assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
            assertThat(issuer.jwksRequests()).isPositive();
        }

        @Test
        void shouldServeADiscoveryDocumentNamingTheIssuerAndItsJwkSet() throws Exception {
            HttpResponse<String> response = get(issuer.issuer() + "/.well-known/openid-configuration");

            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> document = JSONObjectUtils.parse(response.body());
            assertThat(document).containsEntry("issuer", issuer.issuer())
                .containsEntry("jwks_uri", issuer.jwkSetUri());
        }

        @Test
        void shouldListenOnTheLoopbackAddressItNamesAsIssuer() {
            URI uri = URI.create(issuer.issuer());

            assertThat(uri.getScheme()).isEqualTo("http");
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(uri.getPort()).isPositive();
            assertThat(uri.getPath()).isEmpty();
            assertThat(issuer.jwkSetUri()).isEqualTo(issuer.issuer() + "/jwks");
        }

        @Test
        void shouldAnswer404ForAPathThatOnlyStartsLikeAnEndpoint() throws Exception {
            assertThat(get(issuer.issuer() + "/jwks/extra").statusCode()).isEqualTo(404);
            assertThat(get(issuer.issuer() + "/nothing-here").statusCode()).isEqualTo(404);
        }

        @Test
        void shouldCountJwkSetFetches() throws Exception {
            int before = issuer.jwksRequests();

            get(issuer.jwkSetUri());
            get(issuer.jwkSetUri());

            assertThat(issuer.jwksRequests()).isEqualTo(before + 2);
        }
    }

    @Nested
    class GoodTokens {

        @Test
        void shouldSignARiderTokenTheServedKeyVerifies() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.riderToken("r-1", "phone-1"));

            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.keyId());
            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
        }

        @Test
        void shouldPutTheSpecifiedClaimsInARiderToken() throws Exception {
            Instant before = Instant.now().minusSeconds(1);
            JWTClaimsSet claims = SignedJWT.parse(issuer.riderToken("r-1", "phone-1")).getJWTClaimsSet();

            assertThat(claims.getIssuer()).isEqualTo(issuer.issuer());
            assertThat(claims.getSubject()).isEqualTo("r-1");
            assertThat(claims.getAudience()).containsExactly("ridehail-api");
            assertThat(claims.getStringClaim("scope")).isEqualTo("location:write self:read trip:write");
            assertThat(claims.getStringClaim("device_id")).isEqualTo("phone-1");
            assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
            Instant issuedAt = claims.getIssueTime().toInstant();
            assertThat(issuedAt).isBetween(before, Instant.now().plusSeconds(1));
            assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(issuedAt);
            assertThat(Duration.between(issuedAt, claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        }

        @Test
        void shouldGiveEachTokenItsOwnId() throws Exception {
            String first = SignedJWT.parse(issuer.riderToken("r-1")).getJWTClaimsSet().getJWTID();
            String second = SignedJWT.parse(issuer.riderToken("r-1")).getJWTClaimsSet().getJWTID();

            assertThat(first).isNotEqualTo(second);
        }

        @Test
        void shouldUseTheTestDeviceWhenNoneIsGiven() throws Exception {
            JWTClaimsSet claims = SignedJWT.parse(issuer.riderToken("r-2")).getJWTClaimsSet();

            assertThat(claims.getSubject()).isEqualTo("r-2");
            assertThat(claims.getStringClaim("device_id")).isEqualTo("test-device");
        }

        @Test
        void shouldGiveAnOperatorFleetScopesAndNoDevice() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.operatorToken());
            JWTClaimsSet claims = jwt.getJWTClaimsSet();

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(claims.getSubject()).isEqualTo("operator");
            assertThat(claims.getStringClaim("scope")).isEqualTo("fleet:read trip:write");
            assertThat(claims.getClaims()).doesNotContainKey("device_id");
        }

        @Test
        void shouldGiveAnAdminTheOperatorScopesPlusAdmin() throws Exception {
            JWTClaimsSet claims = SignedJWT.parse(issuer.adminToken()).getJWTClaimsSet();

            assertThat(claims.getSubject()).isEqualTo("admin");
            assertThat(claims.getStringClaim("scope").split(" ")).containsExactly("fleet:read", "trip:write",
                    "admin");
        }

        @Test
        void shouldMintAnyTokenAskedFor() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.token("someone", "", null, Duration.ofSeconds(90)));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(claims.getSubject()).isEqualTo("someone");
            assertThat(claims.getClaims()).doesNotContainKeys("scope", "device_id");
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Nested
    class BadTokens {

        @Test
        void shouldForgeATokenTheServedKeyDoesNotVerify() throws Exception {
            SignedJWT forged = SignedJWT.parse(issuer.forgedRiderToken("r-1"));

            assertThat(forged.getHeader().getKeyID()).isEqualTo(issuer.keyId());
            assertThat(forged.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(forged.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.issuer());
            assertThat(forged.verify(verifierFromServedKey(forged))).isFalse();
        }

        @Test
        void shouldMintAnUnsignedTokenWithAlgNone() throws Exception {
            String token = issuer.algNoneRiderToken("r-1");
            String[] parts = token.split("\\.", -1);

            assertThat(parts).hasSize(3);
            assertThat(parts[2]).isEmpty();
            assertThat(new String(Base64.getUrlDecoder().decode(parts[0]))).isEqualTo("{\"alg\":\"none\"}");
            PlainJWT plain = PlainJWT.parse(token);
            assertThat(plain.getJWTClaimsSet().getSubject()).isEqualTo("r-1");
            assertThat(plain.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.issuer());
            assertThat(plain.getJWTClaimsSet().getAudience()).containsExactly("ridehail-api");
        }

        @Test
        void shouldMintAnExpiredTokenWellBeyondTheClockSkew() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.expiredRiderToken("r-1"));
            Instant expiry = jwt.getJWTClaimsSet().getExpirationTime().toInstant();

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(expiry).isBefore(Instant.now().minus(SKEW.multipliedBy(10)));
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("r-1");
        }

        @Test
        void shouldMintATokenNotValidBeforeWellBeyondTheClockSkew() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.notYetValidRiderToken("r-1"));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(claims.getNotBeforeTime().toInstant()).isAfter(Instant.now().plus(SKEW.multipliedBy(10)));
            assertThat(claims.getExpirationTime()).isAfter(claims.getNotBeforeTime());
        }

        @Test
        void shouldMintATokenForAnotherAudience() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.wrongAudienceRiderToken("r-1"));

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getAudience()).isNotEmpty().doesNotContain("ridehail-api");
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.issuer());
        }

        @Test
        void shouldMintATokenFromAnotherIssuer() throws Exception {
            SignedJWT jwt = SignedJWT.parse(issuer.wrongIssuerRiderToken("r-1"));

            assertThat(jwt.verify(verifierFromServedKey(jwt))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isNotEqualTo(issuer.issuer());
            assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("ridehail-api");
        }

        @Test
        void shouldMintSomethingThatIsNotAJwt() {
            assertThatThrownBy(() -> JWTParser.parse(issuer.malformedToken())).isInstanceOf(ParseException.class);
        }

        @Test
        void shouldLetEveryBadTokenOtherwiseLookValid() throws Exception {
            for (String token : List.of(issuer.forgedRiderToken("r-1"), issuer.wrongAudienceRiderToken("r-1"),
                    issuer.wrongIssuerRiderToken("r-1"))) {
                JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
                assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now().plus(SKEW));
                assertThat(claims.getNotBeforeTime().toInstant()).isBefore(Instant.now());
                assertThat(claims.getStringClaim("scope")).isEqualTo(TestIssuer.RIDER_SCOPE);
            }
        }
    }

    @Nested
    class Configuration {

        @Test
        void shouldPointASpringServiceAtItsJwkSetAndNothingElse() {
            assertThat(issuer.springProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "ridehail.security.jwt.jwk-set-uri", issuer.jwkSetUri(),
                    "ridehail.security.jwt.issuer", issuer.issuer(),
                    "ridehail.security.jwt.issuer-uri", "",
                    "ridehail.security.demo-issuer.enabled", "false"));
        }

        @Test
        void shouldPointAChildProcessAtItsJwkSetAndNothingElse() {
            assertThat(issuer.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "JWT_JWK_SET_URI", issuer.jwkSetUri(),
                    "JWT_ISSUER", issuer.issuer(),
                    "JWT_ISSUER_URI", "",
                    "DEMO_ISSUER_ENABLED", "false"));
        }

        @Test
        void shouldPointASpringServiceAtItsDiscoveryDocument() {
            assertThat(issuer.discoverySpringProperties())
                .containsEntry("ridehail.security.jwt.issuer-uri", issuer.issuer())
                .containsEntry("ridehail.security.jwt.jwk-set-uri", "")
                .containsEntry("ridehail.security.demo-issuer.enabled", "false");
        }

        @Test
        void shouldShareOneIssuerPerJvm() {
            assertThat(TestIssuer.shared()).isSameAs(TestIssuer.shared()).isNotSameAs(issuer);
        }

        @Test
        void shouldGiveEveryIssuerItsOwnKeyAndPort() throws Exception {
            try (TestIssuer other = TestIssuer.start()) {
                assertThat(other.issuer()).isNotEqualTo(issuer.issuer());
                SignedJWT fromOther = SignedJWT.parse(other.riderToken("r-1"));
                assertThat(fromOther.getHeader().getKeyID()).isNotEqualTo(issuer.keyId());
                RSAKey servedByFirst = JWKSet.parse(get(issuer.jwkSetUri()).body()).getKeys().getFirst().toRSAKey();
                assertThat(fromOther.verify(new RSASSAVerifier(servedByFirst))).isFalse();
            }
        }

        @Test
        void shouldFormatABearerHeader() {
            assertThat(TestIssuer.bearer("abc")).isEqualTo("Bearer abc");
        }
    }

    /** The verifier a resource server would build: the key for the token's kid from the JWK set fetched over HTTP. */
    private static RSASSAVerifier verifierFromServedKey(SignedJWT jwt)
            throws IOException, InterruptedException, ParseException, JOSEException {
        JWKSet jwks = JWKSet.parse(get(issuer.jwkSetUri()).body());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("served key for kid %s", jwt.getHeader().getKeyID()).isNotNull();
        return new RSASSAVerifier(key.toRSAKey());
    }

    private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
