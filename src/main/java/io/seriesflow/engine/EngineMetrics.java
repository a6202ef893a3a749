package io.seriesflow.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters for operators that are not already part of its state: frames, bytes and points sent by
 * wire mode, the publish-to-send latency of live points, gaps by reason, points dropped and replies coalesced by
 * client queues, and messages refused by the inbound rate limits. Each counts where its event happens, so a counter
 * never goes down. Sends are counted per connection ({@link SendCounts}: nothing shared is written per frame) and
 * added up when read: the open connections' counts, plus those of closed connections, folded in as they close under
 * the same lock, so a reading never misses or doubles a connection that is closing. A metrics library outside the
 * engine reads them; the engine knows none.
 *
 * <p>Switched off ({@link #off()}), connections get {@link ConnectionMeter#OFF} and nothing is counted per frame
 * (the rarer counters still count, they cost nothing measurable). Thread-safe: adders, a concurrent set, and a lock
 * for the sums of closed connections.
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
    private final Set<SendCounts> openMeters = ConcurrentHashMap.newKeySet();
    /** Frames, bytes and points of closed connections by mode, and their latency sums; guarded by {@code this}. */
    private final Map<String, long[]> closedSent = new HashMap<>();
    private final long[] closedLatency = new long[LatencyHistogram.SLOTS];
    private final Map<GapReason, LongAdder> gaps = new EnumMap<>(GapReason.class);
    private final Map<RateLimit, LongAdder> rateLimited = new EnumMap<>(RateLimit.class);
    private final LongAdder droppedPoints = new LongAdder();
    private final LongAdder coalescedReplies = new LongAdder();

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

    /** The meter for a new connection of the wire mode; {@link #release} it when the connection closes. */
    ConnectionMeter meterFor(String mode) {
        if (!enabled) {
            return ConnectionMeter.OFF;
        }
        SendCounts meter = new SendCounts(mode);
        openMeters.add(meter);
        return meter;
    }

    /** A connection closed: its counts join those of closed connections (sends completing later are not counted). */
    void release(ConnectionMeter meter) {
        if (meter instanceof SendCounts counts) {
            synchronized (this) {
                if (openMeters.remove(counts)) {
                    counts.addSentTo(closedSent.computeIfAbsent(counts.mode(), m -> new long[SendCounts.SLOTS]));
                    counts.addLatencyTo(closedLatency);
                }
            }
        }
    }

    /** What was sent so far, by wire mode (modes that never had a connection are absent). */
    public synchronized Map<String, SentTotals> sentByMode() {
        Map<String, long[]> sums = new TreeMap<>();
        closedSent.forEach((mode, sent) -> sums.put(mode, sent.clone()));
        for (SendCounts meter : openMeters) {
            meter.addSentTo(sums.computeIfAbsent(meter.mode(), m -> new long[SendCounts.SLOTS]));
        }
        Map<String, SentTotals> sent = new TreeMap<>();
        sums.forEach((mode, sum) -> sent.put(mode, SendCounts.totalsOf(sum)));
        return sent;
    }

    /** How long after their stream applied them live points' sends completed. */
    public synchronized LatencyHistogram.Snapshot publishToSendLatency() {
        long[] latency = closedLatency.clone();
        for (SendCounts meter : openMeters) {
            meter.addLatencyTo(latency);
        }
        return LatencyHistogram.snapshotOf(latency);
    }

    /**
     * A subscriber is told that points will not come: a stream's history did not reach back far enough, or a
     * client queue's overflow policy opened a gap (counted when it opens; it is announced with the client's next
     * frame of that stream).
     */
    void announced(GapReason reason) {
        gaps.get(reason).increment();
    }

    /** Gaps announced to subscribers since start, by reason. */
    public long gapsAnnounced(GapReason reason) {
        return gaps.get(reason).sum();
    }

    /** A client queue's overflow policy dropped live points. */
    void dropped(long points) {
        droppedPoints.add(points);
    }

    /** Live points client queues dropped (overflow policy) since start. */
    public long droppedPoints() {
        return droppedPoints.sum();
    }

    /** A client queue did not queue an error reply because an identical one was waiting. */
    void coalescedReply() {
        coalescedReplies.increment();
    }

    /** Error replies client queues coalesced since start. */
    public long coalescedReplies() {
        return coalescedReplies.sum();
    }

    void refused(RateLimit limit) {
        rateLimited.get(limit).increment();
    }

    /** Messages refused (answered {@code rate-limited}) by an inbound rate limit since start. */
    public long rateLimited(RateLimit limit) {
        return rateLimited.get(limit).sum();
    }
}
