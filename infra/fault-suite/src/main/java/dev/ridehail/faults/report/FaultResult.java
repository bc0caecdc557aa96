package dev.ridehail.faults.report;

import java.time.Duration;

/**
 * One row of the fault table.
 *
 * @param test the scenario, numbered as in the issue
 * @param figures what was measured, as {@code name=value} pairs
 * @param passed whether every pass figure held
 * @param note why it failed, or what was reduced at this size
 * @param elapsed how long the scenario ran
 */
public record FaultResult(String test, String figures, boolean passed, String note, Duration elapsed) {
}
