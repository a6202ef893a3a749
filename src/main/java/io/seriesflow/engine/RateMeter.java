package io.seriesflow.engine;

/**
 * Points per second over the last {@value #WINDOW_SECONDS} complete seconds, in per-second buckets of the
 * monotonic ticker.
 *
 * <p>Thread-safe: the stream's lane records, the read APIs read; both take a short lock on this object.
 */
public final class RateMeter {
    private static final int WINDOW_SECONDS = 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long[] buckets = new long[WINDOW_SECONDS + 1];
    private final long[] bucketSecond = new long[WINDOW_SECONDS + 1];

    public synchronized void record(long nowNanos, int points) {
        long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        int slot = (int) Math.floorMod(second, buckets.length);
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            buckets[slot] = 0;
        }
        buckets[slot] += points;
    }

    public synchronized double perSecond(long nowNanos) {
        long currentSecond = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        long total = 0;
        for (int i = 0; i < buckets.length; i++) {
            long age = currentSecond - bucketSecond[i];
            if (age >= 1 && age <= WINDOW_SECONDS) {
                total += buckets[i];
            }
        }
        return total / (double) WINDOW_SECONDS;
    }
}
