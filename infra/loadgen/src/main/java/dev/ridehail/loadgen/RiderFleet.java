package dev.ridehail.loadgen;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * N riders driving around a demo city (Lisbon's centre by default), each moving along straight street segments at
 * city speeds and turning at "junctions" every few hundred metres. The fleet is asked for the next request's updates
 * in a round-robin over riders, so at a constant request rate every rider reports every {@code riders / rate}
 * seconds, keyed by riderId like real phones. A batch holds consecutive updates of one rider (a phone sending what it
 * buffered): the API takes a batch only for the rider its token names.
 */
public final class RiderFleet {

    private static final double METRES_PER_DEGREE_LAT = 111_320.0;

    private final Rider[] riders;

    private final Clock clock;

    private final double reportIntervalSeconds;

    /**
     * @param riderIdPrefix distinguishes runs (and scenarios) sharing one table
     * @param tripShare fraction of riders currently on a trip (their updates carry a tripId)
     * @param reportIntervalSeconds how far a rider moves between two of its updates
     */
    public RiderFleet(int riderCount, String riderIdPrefix, double tripShare, double reportIntervalSeconds,
            double centreLat, double centreLon, long seed, Clock clock) {
        if (riderCount < 1) {
            throw new IllegalArgumentException("riderCount must be at least 1");
        }
        this.clock = clock;
        this.reportIntervalSeconds = reportIntervalSeconds;
        SplittableRandom random = new SplittableRandom(seed);
        riders = new Rider[riderCount];
        for (int i = 0; i < riderCount; i++) {
            // spread over roughly 8 x 8 km around the centre
            double lat = centreLat + (random.nextDouble() - 0.5) * 8_000 / METRES_PER_DEGREE_LAT;
            double lon = centreLon + (random.nextDouble() - 0.5) * 8_000 / metresPerDegreeLon(centreLat);
            UUID trip = random.nextDouble() < tripShare ? new UUID(random.nextLong(), random.nextLong()) : null;
            riders[i] = new Rider(riderIdPrefix + i, trip, lat, lon, random.split());
        }
    }

    public static RiderFleet lisbon(int riderCount, String riderIdPrefix, long seed) {
        return new RiderFleet(riderCount, riderIdPrefix, 0.3, 4.0, 38.7223, -9.1393, seed, Clock.systemUTC());
    }

    /** The update for request sequence number {@code sequence} (round-robin over riders). Thread-safe. */
    public LocationUpdate next(long sequence) {
        Rider rider = riders[(int) (sequence % riders.length)];
        synchronized (rider) {
            return rider.advance(reportIntervalSeconds, clock);
        }
    }

    /**
     * The {@code size} next updates of one rider, the one request number {@code requestSequence} is for (round-robin
     * over riders), in the order the rider recorded them. Thread-safe.
     */
    public List<LocationUpdate> batch(long requestSequence, int size) {
        Rider rider = riders[(int) (requestSequence % riders.length)];
        List<LocationUpdate> updates = new ArrayList<>(size);
        synchronized (rider) {
            for (int i = 0; i < size; i++) {
                updates.add(rider.advance(reportIntervalSeconds, clock));
            }
        }
        return updates;
    }

    public int size() {
        return riders.length;
    }

    /** Every rider's id, in round-robin order. */
    public List<String> riderIds() {
        return Arrays.stream(riders).map(rider -> rider.id).toList();
    }

    /** Version-4 UUID from ThreadLocalRandom: UUID.randomUUID() serialises every thread on one SecureRandom. */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    static double metresPerDegreeLon(double lat) {
        return METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(lat));
    }

    private static final class Rider {

        private final String id;

        private final UUID tripId;

        private final SplittableRandom random;

        private double lat;

        private double lon;

        private double heading;

        private double speed;

        private double metresToJunction;

        private Instant lastRecordedAt = Instant.EPOCH;

        Rider(String id, UUID tripId, double lat, double lon, SplittableRandom random) {
            this.id = id;
            this.tripId = tripId;
            this.lat = lat;
            this.lon = lon;
            this.random = random;
            // streets on a rough grid: headings near the four axes
            this.heading = random.nextInt(4) * 90.0;
            this.speed = 3 + random.nextDouble() * 9;
            this.metresToJunction = 100 + random.nextDouble() * 300;
        }

        LocationUpdate advance(double seconds, Clock clock) {
            double distance = speed * seconds;
            metresToJunction -= distance;
            if (metresToJunction <= 0) {
                heading = (heading + (random.nextBoolean() ? 90 : 270) + random.nextDouble(-8, 8) + 360) % 360;
                speed = Math.max(0.5, Math.min(16, speed + random.nextDouble(-3, 3)));
                metresToJunction = 100 + random.nextDouble() * 300;
            }
            double radians = Math.toRadians(heading);
            lat += distance * Math.cos(radians) / METRES_PER_DEGREE_LAT;
            lon += distance * Math.sin(radians) / metresPerDegreeLon(lat);
            return new LocationUpdate(randomUuid(), id, tripId, round(lat), round(lon), (float) speed,
                    (float) heading, (float) (3 + random.nextDouble() * 12), nextRecordedAt(clock));
        }

        /**
         * The clock's time in whole microseconds (what PostgreSQL keeps), yet always after the rider's previous
         * update: a batch's updates are made within the same microsecond, and a rider's stored order must still be the
         * order it sent them in.
         */
        private Instant nextRecordedAt(Clock clock) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            lastRecordedAt = now.isAfter(lastRecordedAt) ? now : lastRecordedAt.plus(1, ChronoUnit.MICROS);
            return lastRecordedAt;
        }

        private static double round(double degrees) {
            return Math.round(degrees * 1e7) / 1e7;
        }
    }
}
