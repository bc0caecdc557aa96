package dev.ridehail.democli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N riders each register, get a trip between two zones, drive it (one update per rider per tick through ingest) for
 * the given time, and complete it. Prints what trip-service measured for each trip at the end. As in production, an
 * admin registers the riders, each rider creates, drives and completes its own trip with its own token, and the
 * results are read with an operator's.
 */
final class Simulation {

    record Settings(String ingestUrl, String riderUrl, String tripUrl, int riders, Duration duration,
            Duration interval, long seed) {
    }

    private record Driver(String riderId, String tripId, Route route) {
    }

    private String token(Driver driver) {
        return api.riderToken(driver.riderId());
    }

    private final Settings settings;

    private final ApiClient api;

    private final PrintStream out;

    Simulation(Settings settings, ApiClient api, PrintStream out) {
        this.settings = settings;
        this.api = api;
        this.out = out;
    }

    /** Returns the number of updates the ingest service accepted. */
    long run() throws InterruptedException {
        Random random = new Random(settings.seed());
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Driver> drivers = new ArrayList<>();
        for (int i = 1; i <= settings.riders(); i++) {
            drivers.add(prepare("demo-" + run + "-" + i, "DM " + run + " " + i, i, random));
        }
        long ticks = Math.max(1, settings.duration().toMillis() / settings.interval().toMillis());
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        out.printf("driving %d riders for %.1f s, one update each every %.1f s (%d updates each)%n", drivers.size(),
                settings.duration().toMillis() / 1000.0, settings.interval().toMillis() / 1000.0, ticks + 1);
        Instant next = Instant.now();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long tick = 0; tick <= ticks; tick++) {
                double fraction = (double) tick / ticks;
                for (Driver driver : drivers) {
                    pool.submit(() -> {
                        double[] position = driver.route().at(fraction);
                        ApiClient.Answer answer = api.postRetryingUnavailable(
                                settings.ingestUrl() + "/api/v1/locations", token(driver), update(driver, position));
                        (answer.ok() ? accepted : refused).incrementAndGet();
                        if (!answer.ok() && refused.get() <= 5) {
                            out.println("  refused: " + answer.problem());
                        }
                    });
                }
                if (tick % Math.max(1, ticks / 10) == 0) {
                    out.printf("  t=%5.1fs  accepted %d, refused %d%n",
                            tick * settings.interval().toMillis() / 1000.0, accepted.get(), refused.get());
                }
                next = next.plus(settings.interval());
                long sleep = Duration.between(Instant.now(), next).toMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
        out.printf("posted %d updates (%d refused); completing trips%n", accepted.get(), refused.get());
        // The consumers drain asynchronously: give them a moment so the completed trips show every point.
        Thread.sleep(2000);
        for (Driver driver : drivers) {
            ApiClient.Answer done = api.post(settings.tripUrl() + "/api/v1/trips/" + driver.tripId() + "/complete",
                    token(driver), Map.of());
            ApiClient.Answer trip = api.get(settings.tripUrl() + "/api/v1/trips/" + driver.tripId(),
                    api.operatorToken());
            if (!done.ok() || !trip.ok()) {
                out.printf("  trip %s: %s%n", driver.tripId(), done.ok() ? trip.problem() : done.problem());
                continue;
            }
            out.printf("  trip %s  rider %-16s %-9s %4d points  %7.0f m%n", driver.tripId(), driver.riderId(),
                    trip.body().path("status").asString(), trip.body().path("pointCount").asLong(),
                    trip.body().path("distanceMeters").asDouble());
        }
        return accepted.get();
    }

    private Driver prepare(String riderId, String plate, int index, Random random) {
        Map<String, Object> rider = new LinkedHashMap<>();
        rider.put("riderId", riderId);
        rider.put("name", "Demo Rider " + index);
        rider.put("vehicleType", "MOTORCYCLE");
        rider.put("plate", plate.toUpperCase(java.util.Locale.ROOT));
        ApiClient.Answer registered = api.post(settings.riderUrl() + "/api/v1/riders", api.adminToken(), rider);
        if (!registered.ok()) {
            throw new IllegalStateException("registering " + riderId + " failed: " + registered.problem());
        }
        Zone[] zones = Zone.values();
        Zone from = zones[random.nextInt(zones.length)];
        Zone to = zones[(from.ordinal() + 1 + random.nextInt(zones.length - 1)) % zones.length];
        Route route = new Route(from.lat(), from.lon(), to.lat(), to.lon());
        String riderToken = api.riderToken(riderId);
        ApiClient.Answer created = api.post(settings.tripUrl() + "/api/v1/trips", riderToken,
                Map.of("riderId", riderId, "pickup", Map.of("lat", from.lat(), "lon", from.lon()), "dropoff",
                        Map.of("lat", to.lat(), "lon", to.lon())));
        if (!created.ok()) {
            throw new IllegalStateException("creating a trip for " + riderId + " failed: " + created.problem());
        }
        String tripId = created.body().path("id").asString();
        ApiClient.Answer started = api.post(settings.tripUrl() + "/api/v1/trips/" + tripId + "/start", riderToken,
                Map.of());
        if (!started.ok()) {
            throw new IllegalStateException("starting trip " + tripId + " failed: " + started.problem());
        }
        out.printf("rider %s: trip %s from %s (%s) to %s (%s)%n", riderId, tripId, from.name().toLowerCase(),
                from.area(), to.name().toLowerCase(), to.area());
        return new Driver(riderId, tripId, route);
    }

    private static Map<String, Object> update(Driver driver, double[] position) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", UUID.randomUUID().toString());
        body.put("riderId", driver.riderId());
        body.put("tripId", driver.tripId());
        body.put("lat", position[0]);
        body.put("lon", position[1]);
        body.put("recordedAt", Instant.now().toString());
        return body;
    }
}
