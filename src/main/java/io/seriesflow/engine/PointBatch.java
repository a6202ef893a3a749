package io.seriesflow.engine;

/**
 * Points to append to a stream in one atomic step, as parsed from one ingest request. Immutable once built.
 * A timestamp of {@link #NOW} means "stamp with the server's time when appended".
 */
public final class PointBatch {
    public static final long NOW = Long.MIN_VALUE;

    private final long[] timestamps;
    private final double[] values;

    /** Takes ownership of the arrays (same length, at least one, finite values). */
    public PointBatch(long[] timestamps, double[] values) {
        if (timestamps.length != values.length || values.length == 0) {
            throw new IllegalArgumentException("a batch needs as many timestamps as values, at least one");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite");
            }
        }
        this.timestamps = timestamps;
        this.values = values;
    }

    public int size() {
        return values.length;
    }

    public long timestampAt(int index) {
        return timestamps[index];
    }

    public double valueAt(int index) {
        return values[index];
    }
}
