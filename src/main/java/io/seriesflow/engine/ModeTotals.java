package io.seriesflow.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * What connections of one wire mode were sent since start: frames, payload bytes, points, and the publish-to-send
 * latency of their live points (shared by all modes). Thread-safe: adders.
 */
final class ModeTotals implements ConnectionMeter {
    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder points = new LongAdder();
    private final LatencyHistogram latency;

    ModeTotals(LatencyHistogram latency) {
        this.latency = latency;
    }

    @Override
    public void sent(int framePoints, int frameBytes, long appliedNanos, long completedNanos) {
        frames.increment();
        bytes.add(frameBytes);
        if (framePoints > 0) {
            points.add(framePoints);
        }
        if (appliedNanos != 0) {
            latency.record(completedNanos - appliedNanos);
        }
    }

    SentTotals snapshot() {
        return new SentTotals(frames.sum(), bytes.sum(), points.sum());
    }
}
