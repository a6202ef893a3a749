package io.seriesflow.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, for operators: how many fell at or below each upper bound, their count and
 * their sum. Recording is two adder increments after a short search of the bounds, cheap enough for every frame.
 *
 * <p>Thread-safe: {@link #record} may run on any number of threads; a {@link #snapshot} taken meanwhile may
 * miss the recordings under way (its count is the sum of its buckets, so it is never inconsistent).
 */
public final class LatencyHistogram {
    /** Upper bounds in milliseconds: from 0.5 ms (a frame on loopback) to 10 s (the default lag limit). */
    static final double[] UPPER_BOUNDS_MILLIS = {0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
        10_000};

    private final long[] upperBoundsNanos = new long[UPPER_BOUNDS_MILLIS.length];
    /** One more than the bounds: the last counts durations above the largest bound. */
    private final LongAdder[] buckets = new LongAdder[UPPER_BOUNDS_MILLIS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < UPPER_BOUNDS_MILLIS.length; i++) {
            upperBoundsNanos[i] = (long) (UPPER_BOUNDS_MILLIS[i] * 1_000_000);
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one duration; a negative one (clocks of two threads read out of order) counts as zero. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < upperBoundsNanos.length && value > upperBoundsNanos[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(value);
    }

    /** What was recorded so far. */
    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(UPPER_BOUNDS_MILLIS.clone(), counts, sumNanos.sum());
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
