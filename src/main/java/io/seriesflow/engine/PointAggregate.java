package io.seriesflow.engine;

import java.util.Objects;

/**
 * An M4 aggregate of consecutive points of one stream: the points {@code firstSeq..lastSeq} reduced to the first,
 * lowest, highest and last point of each time bucket, in seq order. The points kept are real points with their
 * own seqs, so a client that draws them draws the same line at the bucket's resolution, and its position after
 * the aggregate is {@code lastSeq}. Immutable: the arrays are owned and never change.
 */
public final class PointAggregate {
    private final StreamDescriptor stream;
    private final AggregateReason reason;
    private final long firstSeq;
    private final long lastSeq;
    private final double bucketMillis;
    private final long[] seqs;
    private final long[] timestamps;
    private final double[] values;

    /**
     * Takes ownership of the arrays (same length, at least one, seqs ascending within {@code firstSeq..lastSeq}).
     *
     * @param bucketMillis the width of a bucket in ms
     */
    PointAggregate(StreamDescriptor stream, AggregateReason reason, long firstSeq, long lastSeq,
                   double bucketMillis, long[] seqs, long[] timestamps, double[] values) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.reason = Objects.requireNonNull(reason, "reason");
        if (seqs.length == 0 || seqs.length != timestamps.length || seqs.length != values.length
                || seqs[0] < firstSeq || seqs[seqs.length - 1] > lastSeq) {
            throw new IllegalArgumentException("an aggregate needs points inside its seq range");
        }
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.bucketMillis = bucketMillis;
        this.seqs = seqs;
        this.timestamps = timestamps;
        this.values = values;
    }

    public StreamDescriptor stream() {
        return stream;
    }

    public AggregateReason reason() {
        return reason;
    }

    /** The first seq the aggregate stands for (its first point's, or earlier). */
    public long firstSeq() {
        return firstSeq;
    }

    /** The last seq the aggregate stands for: always its last point's. */
    public long lastSeq() {
        return lastSeq;
    }

    public double bucketMillis() {
        return bucketMillis;
    }

    /** Points kept. */
    public int size() {
        return seqs.length;
    }

    public long seqAt(int index) {
        return seqs[index];
    }

    public long timestampAt(int index) {
        return timestamps[index];
    }

    public double valueAt(int index) {
        return values[index];
    }
}
