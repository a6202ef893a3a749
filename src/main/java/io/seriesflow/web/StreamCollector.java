package io.seriesflow.web;

import static io.seriesflow.web.MetricFamilies.counters;
import static io.seriesflow.web.MetricFamilies.gauge;
import static io.seriesflow.web.MetricFamilies.gauges;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamPump;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-stream {@code seriesflow_*} metrics and the ingest API's: subscribers, points published (by format,
 * {@code source} for the server's own sources) and lane backlog per stream, with stream labels bounded to the
 * {@code seriesflow.metrics-top-streams} most active streams plus {@code other} ({@link StreamSeries}); and
 * ingest refusals by problem type. Thread-safe: its {@link StreamSeries} is.
 */
final class StreamCollector implements MultiCollector {
    private final RunningApplication application;
    private final int topStreams;
    private final StreamSeries published = new StreamSeries();

    StreamCollector(RunningApplication application, int topStreams) {
        this.application = application;
        this.topStreams = topStreams;
    }

    @Override
    public MetricSnapshots collect() {
        List<Stream> streams = application.hub().streams().all();
        List<StreamSeries.StreamActivity> activity = new ArrayList<>();
        Map<List<String>, Long> subscribers = new HashMap<>();
        Map<List<String>, Long> backlog = new HashMap<>();
        for (Stream stream : streams) {
            int count = stream.state().subscribers();
            activity.add(new StreamSeries.StreamActivity(stream.id().name(), count, stream.appliedPoints()));
            subscribers.put(List.of(stream.id().name()), (long) count);
            backlog.put(List.of(stream.id().name()), (long) stream.laneBacklog());
        }
        Set<String> named = StreamSeries.choose(activity, topStreams);
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(gauge("seriesflow_streams", "Streams this node has.", streams.size()));
        all.add(gauges("seriesflow_stream_subscribers", "Subscriptions to each stream on this node (the most "
                + "active streams by name, the rest as other).", List.of("stream"),
                StreamSeries.foldValues(subscribers, named)));
        all.add(gauges("seriesflow_lane_backlog_tasks", "Tasks waiting on each stream's lane (publishes, "
                + "subscribes, reads).", List.of("stream"), StreamSeries.foldValues(backlog, named)));
        all.add(counters("seriesflow_points_published", "Points published on this node, by stream and format "
                + "(the ingest formats, or source for the server's own streams).", List.of("stream", "format"),
                published.foldTotals(publishedTotals(), named)));
        all.add(counters("seriesflow_ingest_refusals", "Ingest requests refused, by problem type.",
                List.of("problem"), EngineCollector.keyed(application.ingestCounters().refusedByProblem())));
        return new MetricSnapshots(all);
    }

    private Map<List<String>, Long> publishedTotals() {
        Map<List<String>, Long> totals = new HashMap<>();
        application.ingestCounters().publishedByStream().forEach((stream, formats) -> formats.forEach(
                (format, count) -> totals.put(List.of(stream.name(), format), count)));
        for (StreamPump pump : application.hub().pumps()) {
            totals.merge(List.of(pump.stream().name(), "source"), pump.appended(), Long::sum);
        }
        return totals;
    }
}
