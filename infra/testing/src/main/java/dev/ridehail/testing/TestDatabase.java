package dev.ridehail.testing;

/**
 * A database created for one test context. Closing it drops it, so no run sees another's rows.
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password, Runnable dropper)
        implements AutoCloseable {

    @Override
    public void close() {
        dropper.run();
    }
}
