package io.seriesflow.engine;

/**
 * A subscribe's request for the history of a chart's window, reduced to its pixel columns: every retained point
 * from {@code fromMillis} to now, as an M4 aggregate of {@code buckets} equal time buckets (at most four points
 * each), before the live points. Immutable.
 *
 * @param fromMillis the window's start, epoch ms on the server's clock
 * @param buckets how many buckets (pixel columns) the window has; at least 1
 */
public record Backfill(long fromMillis, int buckets) {
    public Backfill {
        if (buckets < 1) {
            throw new IllegalArgumentException("a backfill needs at least one bucket");
        }
    }
}
