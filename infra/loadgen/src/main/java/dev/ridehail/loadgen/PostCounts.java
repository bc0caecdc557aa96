package dev.ridehail.loadgen;

import java.util.Map;

/**
 * What ingest answered to the probe's posts.
 *
 * @param answers count per HTTP status ({@code "202"}, {@code "429"}, ...); only a 202 starts a sample
 * @param failed posts without an answer (connection refused or lost, timeout)
 */
record PostCounts(long posted, Map<String, Long> answers, long failed) {

    long accepted() {
        return answers.getOrDefault("202", 0L);
    }
}
