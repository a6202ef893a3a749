package io.seriesflow.engine;

/**
 * One time-series point as it travels through the engine. Immutable.
 *
 * @param seq position in its stream, +1 per point
 * @param timestamp epoch milliseconds
 * @param value a finite value
 */
public record Point(long seq, long timestamp, double value) {
    public Point {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("point value must be finite, was " + value);
        }
    }
}
