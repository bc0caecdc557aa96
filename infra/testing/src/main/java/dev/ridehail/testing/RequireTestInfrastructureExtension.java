package dev.ridehail.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class at once, with the one message of {@link InfrastructureUnavailableException}, when the module
 * has a PostgreSQL driver on its test classpath but no PostgreSQL can be found. Without it, each Spring context would
 * fail with the message buried under a screen of bean-creation errors.
 *
 * <p>Registered through JUnit's extension auto-detection (enabled for every module in the root pom).
 */
public class RequireTestInfrastructureExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (postgresDriverPresent()) {
            TestPostgres.verifyAvailable();
        }
    }

    private static boolean postgresDriverPresent() {
        try {
            Class.forName("org.postgresql.Driver", false, RequireTestInfrastructureExtension.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException ex) {
            return false;
        }
    }
}
