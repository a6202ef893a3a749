package io.seriesflow.engine;

import java.util.Objects;

/**
 * Points appended to a stream's log together: consecutive seqs from {@code firstSeq}, in one epoch. Immutable:
 * the arrays are owned by the entry and never change.
 */
public final class LogEntry {
    private final String epoch;
    private final long firstSeq;
    private final long[] timestamps;
    private final double[] values;

    /** Takes ownership of the arrays (same length, at least one). */
    public LogEntry(String epoch, long firstSeq, long[] timestamps, double[] values) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        if (timestamps.length != values.length || values.length == 0 || firstSeq < 1) {
            throw new IllegalArgumentException("an entry needs as many timestamps as values, at least one, from seq 1");
        }
        this.firstSeq = firstSeq;
        this.timestamps = timestamps;
        this.values = values;
    }

    public String epoch() {
        return epoch;
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return firstSeq + values.length - 1;
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

    /** The points from seq {@code fromSeq} on (all of them when it is at or before the first) as a chunk. */
    PointChunk chunkFrom(StreamDescriptor stream, long fromSeq) {
        int skip = (int) Math.max(0, fromSeq - firstSeq);
        return new PointChunk(stream, firstSeq + skip, timestamps, values, skip, values.length - skip);
    }
}
