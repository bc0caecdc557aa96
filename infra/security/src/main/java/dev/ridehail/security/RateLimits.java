package dev.ridehail.security;

/** The two limits: ingest per rider and device (a batch costs its size), reads per caller. */
public final class RateLimits {

    private final RateLimiter ingest;

    private final RateLimiter reads;

    public RateLimits(SecurityProperties.RateLimitSettings settings) {
        this.ingest = new RateLimiter("ingest", settings.ingest(), settings.maxKeys());
        this.reads = new RateLimiter("reads", settings.reads(), settings.maxKeys());
    }

    public RateLimiter ingest() {
        return ingest;
    }

    public RateLimiter reads() {
        return reads;
    }

    /** The ingest bucket's key: one rider may run several devices, each with its own budget. */
    public static String ingestKey(Caller caller, String riderId) {
        return riderId + "/" + (caller.deviceId() == null ? "" : caller.deviceId());
    }
}
