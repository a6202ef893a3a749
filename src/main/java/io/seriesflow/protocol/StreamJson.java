package io.seriesflow.protocol;

import io.seriesflow.engine.Point;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.PublishResult;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.engine.StreamState;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** JSON bodies of the streams API. Stateless. */
public final class StreamJson {
    private StreamJson() {
    }

    public static JsonObject summary(StreamDescriptor stream, StreamState state) {
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("name", stream.id().name())
                .add("index", stream.index())
                .add("epoch", stream.epoch())
                .add("baseTime", stream.baseTime())
                .add("firstSeq", state.firstSeq())
                .add("lastSeq", state.lastSeq())
                .add("retained", state.retained())
                .add("pointsPerSecond", Math.round(state.pointsPerSecond() * 10) / 10.0)
                .add("subscribers", state.subscribers())
                .build();
    }

    /**
     * What the log says of a stream (epoch and positions), with this node's index, rate and subscribers where it
     * has the stream (a node that does not follow it shows no index, 0 points/s and 0 subscribers).
     */
    public static JsonObject summary(LogMeta meta, Optional<StreamDescriptor> local, Optional<StreamState> state) {
        return summary(meta, meta.label(), local, state);
    }

    /** As {@link #summary(LogMeta, Optional, Optional)}, showing the given display name and unit. */
    public static JsonObject summary(LogMeta meta, StreamLabel label, Optional<StreamDescriptor> local,
                                     Optional<StreamState> state) {
        JsonObjectBuilder builder = JsonFactories.BUILDERS.createObjectBuilder().add("name", meta.stream().name())
                .add("displayName", label.displayName()).add("unit", label.unit());
        local.ifPresent(descriptor -> builder.add("index", descriptor.index()));
        return builder
                .add("epoch", meta.epoch())
                .add("baseTime", local.map(StreamDescriptor::baseTime).orElse(meta.baseTime()))
                .add("firstSeq", meta.firstSeq())
                .add("lastSeq", meta.lastSeq())
                .add("retained", meta.retained())
                .add("pointsPerSecond", Math.round(state.map(StreamState::pointsPerSecond).orElse(0.0) * 10) / 10.0)
                .add("subscribers", state.map(StreamState::subscribers).orElse(0))
                .build();
    }

    public static JsonObject list(List<JsonObject> streams) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        streams.forEach(array::add);
        return JsonFactories.BUILDERS.createObjectBuilder().add("streams", array).build();
    }

    /**
     * {@code {"stream","epoch","aggregated":true,"firstSeq","lastSeq","fromTs","toTs","buckets","points":[[seq,ts,
     * value],...]}}: an aggregated read, the points kept of seqs firstSeq..lastSeq (none and 0..0 when the window
     * holds no point). Written by hand: it can be large.
     */
    public static String aggregate(StreamId stream, String epoch, long fromTs, long toTs, int buckets,
                                   Optional<PointAggregate> aggregate) {
        int size = aggregate.map(PointAggregate::size).orElse(0);
        StringBuilder json = new StringBuilder(160 + size * 40).append("{\"stream\":\"").append(stream.name())
                .append("\",\"epoch\":\"").append(epoch).append("\",\"aggregated\":true,\"firstSeq\":")
                .append(aggregate.map(PointAggregate::firstSeq).orElse(0L)).append(",\"lastSeq\":")
                .append(aggregate.map(PointAggregate::lastSeq).orElse(0L)).append(",\"fromTs\":").append(fromTs)
                .append(",\"toTs\":").append(toTs).append(",\"buckets\":").append(buckets).append(",\"points\":[");
        for (int i = 0; i < size; i++) {
            PointAggregate points = aggregate.get();
            if (i > 0) {
                json.append(',');
            }
            json.append('[').append(points.seqAt(i)).append(',').append(points.timestampAt(i)).append(',')
                    .append(points.valueAt(i)).append(']');
        }
        return json.append("]}").toString();
    }

    /** {@code {"stream","epoch","points":[[seq,ts,value],...]}}, written by hand: it can be large. */
    public static String points(StreamId stream, String epoch, List<Point> points) {
        StringBuilder json = new StringBuilder(64 + points.size() * 40).append("{\"stream\":\"")
                .append(stream.name()).append("\",\"epoch\":\"").append(epoch).append("\",\"points\":[");
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append('[').append(point.seq()).append(',').append(point.timestamp()).append(',')
                    .append(point.value()).append(']');
        }
        return json.append("]}").toString();
    }

    public static JsonObject published(PublishResult result) {
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("stream", result.stream().name())
                .add("epoch", result.epoch())
                .add("firstSeq", result.firstSeq())
                .add("lastSeq", result.lastSeq())
                .add("count", result.count())
                .build();
    }
}
