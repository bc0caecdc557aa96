package dev.ridehail.loadgen;

/**
 * One service's freshness over one phase. The percentiles are null when no sample was seen.
 *
 * @param samples updates accepted by ingest that were looked for: {@code seen + timedOut}
 * @param timedOut samples not visible within the deadline
 * @param polls reads sent
 * @param rateLimitedPolls reads answered {@code 429}: the service's per-token read limit, which coarsens the
 * samples' resolution while it refuses
 * @param failedPolls reads that failed (an I/O error, or a status other than 200, 404 and 429)
 */
record FreshnessSummary(long samples, long timedOut, Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms,
        Double maxMs, long polls, long rateLimitedPolls, long failedPolls) {
}
