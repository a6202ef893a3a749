package io.seriesflow.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters for operators that are not already part of its state: frames, bytes and points sent by
 * wire mode, the publish-to-send latency of live points, gaps announced by streams, and messages refused by the
 * inbound rate limits. A metrics library outside the engine reads them; the engine knows none.
 *
 * <p>Switched off ({@link #off()}), connections get {@link ConnectionMeter#OFF} and nothing is counted per frame
 * (the rarer counters still count, they cost nothing measurable). Thread-safe: adders and a concurrent map.
 */
public final class EngineMetrics {
    /** Which inbound rate limit refused a message. */
    public enum RateLimit {
        /** {@code seriesflow.client-messages-per-second}. */
        MESSAGES,
        /** {@code seriesflow.client-subscribes-per-second}. */
        SUBSCRIBES
    }

    private final boolean enabled;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, ModeTotals> modes = new ConcurrentHashMap<>();
    private final Map<GapReason, LongAdder> gaps = new EnumMap<>(GapReason.class);
    private final Map<RateLimit, LongAdder> rateLimited = new EnumMap<>(RateLimit.class);

    private EngineMetrics(boolean enabled) {
        this.enabled = enabled;
        for (GapReason reason : GapReason.values()) {
            gaps.put(reason, new LongAdder());
        }
        for (RateLimit limit : RateLimit.values()) {
            rateLimited.put(limit, new LongAdder());
        }
    }

    /** Counts everything. */
    public static EngineMetrics recording() {
        return new EngineMetrics(true);
    }

    /** Counts nothing per frame. */
    public static EngineMetrics off() {
        return new EngineMetrics(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The meter for a new connection of the wire mode. */
    ConnectionMeter meterFor(String mode) {
        return enabled ? modes.computeIfAbsent(mode, m -> new ModeTotals(latency)) : ConnectionMeter.OFF;
    }

    /** What was sent so far, by wire mode (modes that never had a connection are absent). */
    public Map<String, SentTotals> sentByMode() {
        Map<String, SentTotals> sent = new TreeMap<>();
        modes.forEach((mode, totals) -> sent.put(mode, totals.snapshot()));
        return sent;
    }

    /** How long after their stream applied them live points' sends completed. */
    public LatencyHistogram.Snapshot publishToSendLatency() {
        return latency.snapshot();
    }

    /** A stream told a subscriber that points will not come. */
    void announced(GapReason reason) {
        gaps.get(reason).increment();
    }

    /**
     * Gaps streams announced to subscribers since start, by reason (history that did not reach back far enough);
     * gaps left by a client queue's overflow are counted by the queues ({@link Hub#overflowGaps()}).
     */
    public long gapsAnnounced(GapReason reason) {
        return gaps.get(reason).sum();
    }

    void refused(RateLimit limit) {
        rateLimited.get(limit).increment();
    }

    /** Messages refused (answered {@code rate-limited}) by an inbound rate limit since start. */
    public long rateLimited(RateLimit limit) {
        return rateLimited.get(limit).sum();
    }
}
