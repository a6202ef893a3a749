package io.seriesflow.engine;

/**
 * A snapshot of a stream's position and load, for subscribe replies and the read APIs. Immutable.
 *
 * @param firstSeq oldest retained point (0 when nothing is retained)
 * @param lastSeq newest point ever published in this epoch (0 before the first)
 * @param retained points in history
 * @param pointsPerSecond recent publish rate
 * @param subscribers current subscriptions
 */
public record StreamState(long firstSeq, long lastSeq, int retained, double pointsPerSecond, int subscribers) {
}
