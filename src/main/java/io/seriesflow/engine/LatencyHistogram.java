package io.seriesflow.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations counted into fixed buckets, for operators: how many fell at or below each upper bound, and their sum.
 * Each connection has its own, so recording shares no memory with other connections' sends: a bucket search and
 * two plain stores.
 *
 * <p>One writer at a time (the thread completing a connection's send; one send is in flight at a time), any number
 * of readers: a reader sees each count as it was at some moment of the recording, never a torn value.
 */
public final class LatencyHistogram {
    /** Upper bounds in milliseconds: from 0.5 ms (a frame on loopback) to 10 s (the default lag limit). */
    static final double[] UPPER_BOUNDS_MILLIS = {0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
        10_000};
    private static final long[] UPPER_BOUNDS_NANOS = new long[UPPER_BOUNDS_MILLIS.length];
    /** Buckets, one more than the bounds (the last counts durations above the largest), then the sum. */
    static final int SLOTS = UPPER_BOUNDS_MILLIS.length + 2;
    private static final int SUM = SLOTS - 1;

    static {
        for (int i = 0; i < UPPER_BOUNDS_MILLIS.length; i++) {
            UPPER_BOUNDS_NANOS[i] = (long) (UPPER_BOUNDS_MILLIS[i] * 1_000_000);
        }
    }

    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    /** Counts one duration; a negative one (clocks of two threads read out of order) counts as zero. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < UPPER_BOUNDS_NANOS.length && value > UPPER_BOUNDS_NANOS[i]) {
            i++;
        }
        slots.lazySet(i, slots.get(i) + 1); // one writer: no read-modify-write race to guard against
        slots.lazySet(SUM, slots.get(SUM) + value);
    }

    /** Adds what was recorded so far into {@code sums} ({@link #SLOTS} long: the buckets, then the sum). */
    void addTo(long[] sums) {
        for (int i = 0; i < SLOTS; i++) {
            sums[i] += slots.get(i);
        }
    }

    /** What was recorded so far. */
    public Snapshot snapshot() {
        long[] sums = new long[SLOTS];
        addTo(sums);
        return snapshotOf(sums);
    }

    /** The snapshot of sums added up by {@link #addTo}. */
    static Snapshot snapshotOf(long[] sums) {
        long[] counts = new long[SLOTS - 1];
        System.arraycopy(sums, 0, counts, 0, counts.length);
        return new Snapshot(UPPER_BOUNDS_MILLIS.clone(), counts, sums[SUM]);
    }

    /**
     * Recorded durations. Immutable by convention (the arrays are copies made for it).
     *
     * @param upperBoundsMillis the bounds of all buckets but the last, ascending
     * @param counts durations per bucket (not cumulative); one more entry than the bounds, the last for larger ones
     * @param sumNanos the sum of all durations
     */
    public record Snapshot(double[] upperBoundsMillis, long[] counts, long sumNanos) {
        /** All durations recorded. */
        public long count() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }
    }
}
