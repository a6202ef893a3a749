package io.seriesflow.engine;

import java.util.Arrays;

/**
 * Builds an M4 aggregate: points added in seq order (so their timestamps never go back) fall into time buckets
 * of a fixed grid, and of each bucket only the first, the lowest, the highest and the last point are kept (the
 * first of equal lows or highs), each once, in seq order. Drawn at one bucket per pixel column, that is the same
 * line as all the points. Grids of power-of-two widths from 0 nest, so aggregating an aggregate again on a
 * coarser such grid gives exactly the aggregate of the original points.
 *
 * <p>Not thread-safe: one builder per aggregation.
 */
public final class M4Aggregation {
    private final double origin;
    private final double width;
    private final long lastBucket;
    private long[] seqs = new long[64];
    private long[] timestamps = new long[64];
    private double[] values = new double[64];
    private int size;
    private long bucket = Long.MIN_VALUE;
    private long count;
    private long firstSeq;
    /** The current bucket's first, lowest, highest and last point, as seq, timestamp and value each. */
    private final long[] keptSeq = new long[4];
    private final long[] keptTs = new long[4];
    private final double[] keptValue = new double[4];

    private M4Aggregation(double origin, double width, long lastBucket) {
        if (!(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("a bucket must have a positive width, was " + width);
        }
        this.origin = origin;
        this.width = width;
        this.lastBucket = lastBucket;
    }

    /**
     * {@code buckets} equal buckets from {@code fromMillis} to {@code toMillis}; a point after the end falls into
     * the last bucket. Points before {@code fromMillis} must not be added.
     */
    public static M4Aggregation window(long fromMillis, long toMillis, int buckets) {
        if (buckets < 1 || toMillis <= fromMillis) {
            throw new IllegalArgumentException("a window needs at least one bucket and to after from");
        }
        return new M4Aggregation(fromMillis, (toMillis - fromMillis) / (double) buckets, buckets - 1L);
    }

    /** Buckets of {@code widthMillis} (a power of two) from 0, so that such grids nest. */
    public static M4Aggregation grid(long widthMillis) {
        if (Long.bitCount(widthMillis) != 1) {
            throw new IllegalArgumentException("a nesting grid needs a power-of-two width, was " + widthMillis);
        }
        return new M4Aggregation(0, widthMillis, Long.MAX_VALUE);
    }

    /** The smallest power of two of at least {@code millis} (and at least 1). */
    public static long powerOfTwoAtLeast(long millis) {
        return millis <= 1 ? 1 : Long.highestOneBit(millis - 1) << 1;
    }

    /** Adds the next point (seq order). */
    public void add(long seq, long timestamp, double value) {
        long index = Math.min(lastBucket, (long) Math.floor((timestamp - origin) / width));
        if (count == 0) {
            firstSeq = seq;
        }
        count++;
        if (index != bucket) {
            closeBucket();
            bucket = index;
            for (int i = 0; i < 4; i++) {
                keep(i, seq, timestamp, value);
            }
            return;
        }
        if (value < keptValue[1]) {
            keep(1, seq, timestamp, value);
        }
        if (value > keptValue[2]) {
            keep(2, seq, timestamp, value);
        }
        keep(3, seq, timestamp, value);
    }

    /** Adds points {@code from} (inclusive) to {@code to} (exclusive) of a chunk. */
    public void addAll(PointChunk chunk, int from, int to) {
        for (int i = from; i < to; i++) {
            add(chunk.firstSeq() + i, chunk.timestampAt(i), chunk.valueAt(i));
        }
    }

    /** Adds points {@code from} (inclusive) to the end of an aggregate. */
    public void addAll(PointAggregate aggregate, int from) {
        for (int i = from; i < aggregate.size(); i++) {
            add(aggregate.seqAt(i), aggregate.timestampAt(i), aggregate.valueAt(i));
        }
    }

    private void keep(int slot, long seq, long timestamp, double value) {
        keptSeq[slot] = seq;
        keptTs[slot] = timestamp;
        keptValue[slot] = value;
    }

    /** Emits the bucket's kept points in seq order, each once. */
    private void closeBucket() {
        if (bucket == Long.MIN_VALUE) {
            return;
        }
        int[] order = {0, 1, 2, 3};
        if (keptSeq[2] < keptSeq[1]) {
            order[1] = 2;
            order[2] = 1;
        }
        long previous = Long.MIN_VALUE;
        for (int slot : order) {
            if (keptSeq[slot] != previous) {
                emit(keptSeq[slot], keptTs[slot], keptValue[slot]);
                previous = keptSeq[slot];
            }
        }
        bucket = Long.MIN_VALUE;
    }

    private void emit(long seq, long timestamp, double value) {
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        seqs[size] = seq;
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    /** Points added so far. */
    public long count() {
        return count;
    }

    /** The aggregate of every point added (at least one), standing for the seqs from the first to the last. */
    public PointAggregate build(StreamDescriptor stream, AggregateReason reason) {
        if (count == 0) {
            throw new IllegalStateException("no point was added");
        }
        closeBucket();
        long lastSeq = seqs[size - 1];
        return new PointAggregate(stream, reason, firstSeq, lastSeq, width, Arrays.copyOf(seqs, size),
                Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }
}
