package dev.ridehail.loadgen;

/** One consumer service's freshness: the warm-up's samples and the measurement's, apart. */
record ServiceFreshness(String service, String endpoint, String baseUri, FreshnessSummary warmUp,
        FreshnessSummary measured) {
}
