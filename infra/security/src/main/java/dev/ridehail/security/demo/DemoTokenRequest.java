package dev.ridehail.security.demo;

import java.time.Duration;

/**
 * {@code POST /demo/token}: {@code {"kind":"rider","riderId":"r-1","deviceId":"phone-1","ttl":"PT5M"}}.
 *
 * @param kind     rider, operator or admin
 * @param riderId  the rider a rider token is for (its {@code sub})
 * @param deviceId the rider's device ({@code device_id} claim); {@code default} when absent
 * @param ttl      the token's lifetime, at most the configured maximum; the configured default when absent
 */
public record DemoTokenRequest(String kind, String riderId, String deviceId, Duration ttl) {
}
