package io.seriesflow.web;

import io.seriesflow.engine.StreamId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the ingest API did since start, for operators: points it published by stream and body format, and
 * requests it refused by problem type. Streams are bounded by {@code seriesflow.max-streams}, formats by their
 * enum, so the maps are bounded too. Thread-safe: adders in concurrent maps.
 */
final class IngestCounters {
    private final Map<StreamId, Map<String, LongAdder>> published = new ConcurrentHashMap<>();
    private final Map<Problems.Type, LongAdder> refused = new EnumMap<>(Problems.Type.class);

    IngestCounters() {
        for (Problems.Type type : Problems.Type.values()) {
            refused.put(type, new LongAdder());
        }
    }

    /** A publish of {@code points} points in the format (its lower-case name) was applied. */
    void published(StreamId stream, String format, long points) {
        published.computeIfAbsent(stream, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(format, f -> new LongAdder()).add(points);
    }

    /** A request was refused (or failed) with the problem. */
    void refused(Problems.Type type) {
        refused.get(type).increment();
    }

    /** Points published so far: stream, then format, then count. */
    Map<StreamId, Map<String, Long>> publishedByStream() {
        Map<StreamId, Map<String, Long>> copy = new HashMap<>();
        published.forEach((stream, formats) -> {
            Map<String, Long> counts = new HashMap<>();
            formats.forEach((format, count) -> counts.put(format, count.sum()));
            copy.put(stream, counts);
        });
        return copy;
    }

    /** Refusals so far, by problem type slug (only types that occurred). */
    Map<String, Long> refusedByProblem() {
        Map<String, Long> copy = new HashMap<>();
        refused.forEach((type, count) -> {
            long n = count.sum();
            if (n > 0) {
                copy.put(type.uri().substring(type.uri().lastIndexOf(':') + 1), n);
            }
        });
        return copy;
    }

}
