package dev.ridehail.loadgen;

import dev.ridehail.contract.tokens.DemoTokenClient;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code Authorization} header of every rider in the fleet. All tokens are fetched when the generator is made,
 * before any step, so asking the issuer is never part of a measurement; a request then only looks its rider's token
 * up in {@link DemoTokenClient}'s cache.
 */
final class FleetTokens implements AutoCloseable {

    /** Every rider of the fleet runs on one device of this name (the rate limit's key is rider and device). */
    static final String DEVICE_ID = "loadgen";

    /**
     * An hour, the most the demo issuer grants: the client renews a token when a fifth of its lifetime is left, so a
     * generator used for less than 48 minutes never fetches one while it measures.
     */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /**
     * Token requests in flight while fetching the fleet's tokens: each one costs the issuer an RSA signature, and
     * the issuer is ingest itself, on the cores the measurement shares; more in flight would only queue there.
     */
    static final int FETCH_CONCURRENCY = 8;

    private static final FleetTokens NONE = new FleetTokens(null);

    private final DemoTokenClient client;

    private FleetTokens(DemoTokenClient client) {
        this.client = client;
    }

    /** No tokens: requests carry no {@code Authorization} header. */
    static FleetTokens none() {
        return NONE;
    }

    /** Fetches a token for every rider of {@code riderIds} from {@code issuer}, at most {@link #FETCH_CONCURRENCY} at once. */
    static FleetTokens fetch(URI issuer, List<String> riderIds, PrintStream console) {
        DemoTokenClient client = new DemoTokenClient(issuer, TOKEN_LIFETIME, Clock.systemUTC());
        long start = System.nanoTime();
        try (ExecutorService fetchers = Executors.newFixedThreadPool(Math.min(FETCH_CONCURRENCY, riderIds.size()),
                Thread.ofVirtual().name("loadgen-token-", 0).factory())) {
            List<Future<String>> fetched = new ArrayList<>(riderIds.size());
            for (String riderId : riderIds) {
                fetched.add(fetchers.submit(() -> client.riderToken(riderId, DEVICE_ID)));
            }
            try {
                for (Future<String> token : fetched) {
                    token.get();
                }
            }
            catch (ExecutionException | InterruptedException | RuntimeException ex) {
                fetchers.shutdownNow(); // one refusal says it all: do not wait for the rest of the fleet's
                throw ex;
            }
        }
        catch (ExecutionException ex) {
            client.close();
            throw ex.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Could not fetch the riders' tokens from " + issuer, ex.getCause());
        }
        catch (InterruptedException ex) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching the riders' tokens from " + issuer, ex);
        }
        catch (RuntimeException ex) {
            client.close();
            throw ex;
        }
        console.printf("[loadgen] %,d rider tokens from %s in %.1f s%n", riderIds.size(), issuer,
                (System.nanoTime() - start) / 1e9);
        return new FleetTokens(client);
    }

    /** The header value for a request posting for {@code riderId}, or null when requests carry no token. */
    String authorization(String riderId) {
        return client == null ? null : DemoTokenClient.bearer(client.riderToken(riderId, DEVICE_ID));
    }

    /** Where the tokens come from, for messages; null without tokens. */
    URI issuer() {
        return client == null ? null : client.issuer();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
