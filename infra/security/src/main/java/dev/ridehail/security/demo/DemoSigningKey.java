package dev.ridehail.security.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

/**
 * The demo issuer's RSA key: generated at start-up, or read from a JWK file. A configured file that does not exist
 * yet gets the generated key, so an ingest that restarts (the fault suite kills it) keeps signing with the same key
 * and the tokens clients hold stay valid.
 */
public final class DemoSigningKey {

    private static final Logger log = LoggerFactory.getLogger(DemoSigningKey.class);

    private final RSAKey key;

    private DemoSigningKey(RSAKey key) {
        this.key = key;
    }

    public static DemoSigningKey load(Path file) {
        if (file == null) {
            return new DemoSigningKey(generate());
        }
        if (Files.exists(file)) {
            return new DemoSigningKey(read(file));
        }
        RSAKey generated = generate();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".demo-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, generated.toJSONString());
            try {
                // No replace: when two instances start at once, the one that loses reads the winner's key.
                Files.move(partial, file);
                log.info("Demo issuer: generated a signing key and wrote it to {}", file);
                return new DemoSigningKey(generated);
            }
            catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(partial);
                return new DemoSigningKey(read(file));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the demo issuer's key to " + file, ex);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate the demo issuer's RSA key", ex);
        }
    }

    private static RSAKey read(Path file) {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file));
            if (!key.isPrivate()) {
                throw new IllegalStateException("The demo issuer's key file " + file + " holds no private key");
            }
            return key;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the demo issuer's key file " + file, ex);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("The demo issuer's key file " + file + " is not an RSA JWK: "
                    + ex.getMessage(), ex);
        }
    }

    RSAKey privateKey() {
        return key;
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The demo issuer's key has no RSA public part", ex);
        }
    }

    /** The public JWK set, as {@code /demo/jwks} serves it. */
    Map<String, Object> publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }
}
