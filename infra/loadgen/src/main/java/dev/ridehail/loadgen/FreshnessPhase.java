package dev.ridehail.loadgen;

/** The first samples after the start are reported apart from the measurement: consumers may still be warming up. */
enum FreshnessPhase {

    WARM_UP, MEASURED
}
