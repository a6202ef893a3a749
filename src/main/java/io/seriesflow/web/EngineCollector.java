package io.seriesflow.web;

import static io.seriesflow.web.MetricFamilies.counter;
import static io.seriesflow.web.MetricFamilies.counters;
import static io.seriesflow.web.MetricFamilies.gauge;
import static io.seriesflow.web.MetricFamilies.gauges;
import static io.seriesflow.web.MetricFamilies.histogram;
import static io.seriesflow.web.MetricFamilies.label;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.seriesflow.engine.ClientStats;
import io.seriesflow.engine.EngineMetrics;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.Hub;
import io.seriesflow.engine.LatencyHistogram;
import io.seriesflow.engine.SentTotals;
import io.seriesflow.engine.StreamLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code seriesflow_*} metrics of connections and sends, read from the engine's counters and views at each
 * scrape: connections by mode, frames, bytes and points sent by mode, the publish-to-send latency, closes, gaps
 * and dropped points by reason, the clients' queued bytes, rate-limit refusals, the send pool and the log.
 * Thread-safe: it keeps nothing between scrapes.
 */
final class EngineCollector implements MultiCollector {
    /** Bucket bounds of the queued-bytes distribution: 0, 1 KiB, 4 KiB ... 16 MiB. */
    static final double[] QUEUED_BYTES_BOUNDS = {0, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304,
        16_777_216};

    private final RunningApplication application;

    EngineCollector(RunningApplication application) {
        this.application = application;
    }

    @Override
    public MetricSnapshots collect() {
        Hub hub = application.hub();
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(gauges("seriesflow_connections", "Open WebSocket connections, by wire mode.", List.of("mode"),
                keyed(hub.connectionsByMode())));
        sends(hub.metrics(), all);
        clients(hub, all);
        all.add(counters("seriesflow_rate_limited", "Client messages refused by an inbound rate limit.",
                List.of("limit"), Map.of(
                        List.of("messages"), hub.metrics().rateLimited(EngineMetrics.RateLimit.MESSAGES),
                        List.of("subscribes"), hub.metrics().rateLimited(EngineMetrics.RateLimit.SUBSCRIBES))));
        application.sendPool().ifPresent(pool -> {
            all.add(gauge("seriesflow_send_pool_waiting_turns", "Connections waiting for a send thread.",
                    pool.waitingTurns()));
            all.add(gauge("seriesflow_send_pool_threads", "Threads of the blocking send pool.", pool.threads()));
        });
        log(hub.log(), all);
        return new MetricSnapshots(all);
    }

    private static void sends(EngineMetrics metrics, List<MetricSnapshot> all) {
        Map<List<String>, Long> frames = new HashMap<>();
        Map<List<String>, Long> bytes = new HashMap<>();
        Map<List<String>, Long> points = new HashMap<>();
        for (Map.Entry<String, SentTotals> mode : metrics.sentByMode().entrySet()) {
            frames.put(List.of(mode.getKey()), mode.getValue().frames());
            bytes.put(List.of(mode.getKey()), mode.getValue().bytes());
            points.put(List.of(mode.getKey()), mode.getValue().points());
        }
        all.add(counters("seriesflow_frames_sent", "Frames whose send completed, by wire mode.", List.of("mode"),
                frames));
        all.add(counters("seriesflow_sent_bytes", "Payload bytes of the frames sent, by wire mode.",
                List.of("mode"), bytes));
        all.add(counters("seriesflow_points_sent", "Points in the frames sent, by wire mode.", List.of("mode"),
                points));
        LatencyHistogram.Snapshot latency = metrics.publishToSendLatency();
        double[] seconds = new double[latency.upperBoundsMillis().length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = latency.upperBoundsMillis()[i] / 1_000;
        }
        all.add(histogram("seriesflow_publish_to_send_latency_seconds", "From a live point's application to "
                + "its stream on this node to the completion of the send that carried it.", Unit.SECONDS, seconds,
                latency.counts(), latency.sumNanos() / 1e9, false));
    }

    private static void clients(Hub hub, List<MetricSnapshot> all) {
        ClientStats stats = hub.clientStats();
        Map<List<String>, Long> closed = new HashMap<>();
        stats.closedByReason().forEach((reason, count) -> closed.put(List.of(label(reason)), count));
        all.add(counters("seriesflow_connections_closed", "Connections closed (or refused) by reason.",
                List.of("reason"), closed));
        all.add(counters("seriesflow_dropped_points", "Live points that never reached a client: dropped by its "
                + "overflow policy, or still queued when it closed.", List.of("reason"), Map.of(
                        List.of("overflow"), stats.droppedPoints(), List.of("closed"), hub.discardedOnClose())));
        all.add(counters("seriesflow_gaps", "Gaps announced to subscribers, by reason.", List.of("reason"), Map.of(
                List.of(GapReason.HISTORY.wireName()), hub.metrics().gapsAnnounced(GapReason.HISTORY),
                List.of(GapReason.OVERFLOW.wireName()), hub.metrics().gapsAnnounced(GapReason.OVERFLOW))));
        long[] queued = stats.queuedBytesPerClient();
        long[] counts = new long[QUEUED_BYTES_BOUNDS.length + 1];
        long sum = 0;
        for (long bytes : queued) {
            int i = 0;
            while (i < QUEUED_BYTES_BOUNDS.length && bytes > QUEUED_BYTES_BOUNDS[i]) {
                i++;
            }
            counts[i]++;
            sum += bytes;
        }
        all.add(histogram("seriesflow_client_queued_bytes", "What each open client's queue counts against its "
                + "budget now (estimated wire bytes).", Unit.BYTES, QUEUED_BYTES_BOUNDS, counts, sum, true));
        all.add(counter("seriesflow_coalesced_replies", "Error replies not queued because an identical one was "
                + "waiting.", stats.coalescedReplies()));
    }

    private static void log(StreamLog log, List<MetricSnapshot> all) {
        StreamLog.LogHealth health = log.health();
        all.add(gauges("seriesflow_log_reachable", "Whether the stream log answered its last command (1) or not "
                + "(0).", List.of("kind"), Map.of(List.of(log.kind()), health.reachable() ? 1 : 0)));
        if (health.roundTripNanos() >= 0) {
            all.add(gauge("seriesflow_log_round_trip_seconds", "How long the shared log's last command took.",
                    health.roundTripNanos() / 1e9));
        }
        if (health.followLagMillis() >= 0) {
            all.add(gauge("seriesflow_log_follow_lag_seconds", "How old the last entry read from the shared log "
                    + "was when this node read it.", health.followLagMillis() / 1e3));
        }
    }

    static <V> Map<List<String>, V> keyed(Map<String, V> byName) {
        Map<List<String>, V> keyed = new HashMap<>();
        byName.forEach((name, value) -> keyed.put(List.of(name), value));
        return keyed;
    }
}
