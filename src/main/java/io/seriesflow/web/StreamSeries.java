package io.seriesflow.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-stream values folded into a bounded number of series: the named streams keep their own label, every other
 * stream is summed into {@code stream="other"}, so a million streams make at most N + 1 series per metric.
 *
 * <p>Counters stay monotonic although the named streams change: each scrape adds every stream's increase since
 * the previous scrape to the series it belongs to now, so a stream that gets its own label starts it from zero
 * (its earlier points stay in "other"), and one that loses it takes its series with it (Prometheus ends a series
 * that is no longer scraped). Thread-safe: one monitor per instance; one instance per metric.
 */
final class StreamSeries {
    static final String OTHER = "other";

    /** Each raw series' total at the previous scrape: stream name first, then the other label values. */
    private final Map<List<String>, Long> lastTotals = new HashMap<>();
    /** What each exported series has counted. */
    private final Map<List<String>, Long> exported = new HashMap<>();

    /**
     * The streams that get their own label: the {@code limit} with the most subscribers, then the most points
     * applied, then by name. A stream that is itself named "other" never gets a label of its own.
     */
    static Set<String> choose(List<StreamActivity> streams, int limit) {
        List<StreamActivity> sorted = new ArrayList<>(streams);
        sorted.sort(Comparator.comparingInt(StreamActivity::subscribers).reversed()
                .thenComparing(Comparator.comparingLong(StreamActivity::appliedPoints).reversed())
                .thenComparing(StreamActivity::name));
        Set<String> named = new HashSet<>();
        for (StreamActivity stream : sorted) {
            if (named.size() == limit) {
                break;
            }
            if (!stream.name().equals(OTHER)) {
                named.add(stream.name());
            }
        }
        return named;
    }

    /**
     * Folds running totals (keys: stream name, then other label values) into the exported counters.
     *
     * @return every exported series and its value
     */
    synchronized Map<List<String>, Long> foldTotals(Map<List<String>, Long> totals, Set<String> named) {
        totals.forEach((key, total) -> {
            long previous = lastTotals.getOrDefault(key, 0L);
            long increase = total >= previous ? total - previous : total; // a stream made anew counts from 0
            lastTotals.put(key, total);
            exported.merge(relabel(key, named), increase, Long::sum);
        });
        exported.keySet().removeIf(key -> !key.get(0).equals(OTHER) && !named.contains(key.get(0)));
        return Map.copyOf(exported);
    }

    /** Sums current values (gauges) of the streams without their own label into "other". */
    static Map<List<String>, Long> foldValues(Map<List<String>, Long> values, Set<String> named) {
        Map<List<String>, Long> folded = new HashMap<>();
        values.forEach((key, value) -> folded.merge(relabel(key, named), value, Long::sum));
        return folded;
    }

    private static List<String> relabel(List<String> key, Set<String> named) {
        if (named.contains(key.get(0))) {
            return key;
        }
        List<String> other = new ArrayList<>(key);
        other.set(0, OTHER);
        return List.copyOf(other);
    }

    /**
     * What ranks a stream. Immutable.
     *
     * @param name the stream's name
     * @param subscribers its subscribers on this node
     * @param appliedPoints points applied to it on this node since start
     */
    record StreamActivity(String name, int subscribers, long appliedPoints) {
    }
}
