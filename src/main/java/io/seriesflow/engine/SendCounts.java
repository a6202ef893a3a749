package io.seriesflow.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One connection's meter: the frames, payload bytes and points of its completed sends and the publish-to-send
 * latency of their live points. Its own memory, written only by the thread completing the connection's send (one
 * send is in flight at a time), so counting a frame touches no cache line another connection's sends write; a scrape
 * adds up the open connections' counts ({@link EngineMetrics}).
 */
final class SendCounts implements ConnectionMeter {
    private static final int FRAMES = 0;
    private static final int BYTES = 1;
    private static final int POINTS = 2;
    /** Slots of {@link #addTo}'s totals: frames, bytes, points. */
    static final int SLOTS = 3;

    private final String mode;
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final LatencyHistogram latency = new LatencyHistogram();

    SendCounts(String mode) {
        this.mode = mode;
    }

    String mode() {
        return mode;
    }

    @Override
    public void sent(int points, int bytes, long appliedNanos, long completedNanos) {
        // One writer: plain increments published with ordered stores, no atomic read-modify-write.
        counts.lazySet(FRAMES, counts.get(FRAMES) + 1);
        counts.lazySet(BYTES, counts.get(BYTES) + bytes);
        if (points > 0) {
            counts.lazySet(POINTS, counts.get(POINTS) + points);
        }
        if (appliedNanos != 0) {
            latency.record(completedNanos - appliedNanos);
        }
    }

    /** Adds its counts into {@code sent}: frames, bytes, points. */
    void addSentTo(long[] sent) {
        for (int i = 0; i < SLOTS; i++) {
            sent[i] += counts.get(i);
        }
    }

    /** Adds its latency buckets and sum into {@code latencySums} ({@link LatencyHistogram#SLOTS} long). */
    void addLatencyTo(long[] latencySums) {
        latency.addTo(latencySums);
    }

    static SentTotals totalsOf(long[] sent) {
        return new SentTotals(sent[FRAMES], sent[BYTES], sent[POINTS]);
    }
}
