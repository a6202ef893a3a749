package io.seriesflow.protocol;

import io.seriesflow.engine.ClientLimits;
import io.seriesflow.engine.CommandError;
import io.seriesflow.engine.InboundLimits;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.engine.StreamState;
import jakarta.json.JsonObjectBuilder;

/**
 * The control messages of {@code seriesflow.v1} (also used, as text frames, by {@code seriesflow.bin.v1}).
 * See {@code docs/protocol.md}. Stateless.
 */
public final class JsonMessages {
    private JsonMessages() {
    }

    /** @param serverTime the server's clock in epoch ms, so clients can estimate their clock offset */
    public static Frame hello(String protocol, ClientLimits limits, InboundLimits inbound, int maxMessageBytes,
                              int maxPointsPerFrame, long serverTime) {
        return hello(protocol, limits, inbound, maxMessageBytes, maxPointsPerFrame,
                StreamLimits.DEFAULT_AGGREGATE_BUCKETS, serverTime);
    }

    /** @param maxAggregateBuckets most buckets a subscribe's backfill may ask for */
    public static Frame hello(String protocol, ClientLimits limits, InboundLimits inbound, int maxMessageBytes,
                              int maxPointsPerFrame, int maxAggregateBuckets, long serverTime) {
        return frame(object().add("type", "hello").add("version", 1).add("protocol", protocol)
                .add("serverTime", serverTime)
                .add("limits", object()
                        .add("maxSubscriptions", limits.maxSubscriptions())
                        .add("maxMessageBytes", maxMessageBytes)
                        .add("maxPointsPerFrame", maxPointsPerFrame)
                        .add("queueBytes", limits.queueHighWaterBytes())
                        .add("maxLagMs", limits.maxLagMillis())
                        .add("maxReplays", limits.maxReplays())
                        .add("messagesPerSecond", inbound.messagesPerSecond())
                        .add("subscribesPerSecond", inbound.subscribesPerSecond())
                        .add("maxAggregateBuckets", maxAggregateBuckets)));
    }

    public static Frame subscribed(StreamDescriptor stream, StreamState state) {
        return frame(object().add("type", "subscribed").add("stream", stream.id().name())
                .add("index", stream.index()).add("epoch", stream.epoch()).add("baseTime", stream.baseTime())
                .add("firstSeq", state.firstSeq()).add("lastSeq", state.lastSeq())
                .add("displayName", stream.label().displayName()).add("unit", stream.label().unit()));
    }

    /** The reply to a time request: the server's clock in epoch ms. */
    public static Frame time(long serverTime) {
        return frame(object().add("type", "time").add("serverTime", serverTime));
    }

    public static Frame unsubscribed(String stream) {
        return frame(object().add("type", "unsubscribed").add("stream", stream));
    }

    public static Frame gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return frame(object().add("type", "gap").add("stream", stream.id().name())
                .add("epoch", stream.epoch()).add("from", from).add("to", to).add("reason", reason.wireName()));
    }

    public static Frame reset(StreamDescriptor stream, String previousEpoch) {
        return frame(object().add("type", "reset").add("stream", stream.id().name())
                .add("epoch", stream.epoch()).add("previousEpoch", previousEpoch));
    }

    /** @param stream the stream concerned, or null */
    public static Frame error(CommandError error, String message, String stream) {
        JsonObjectBuilder builder = object().add("type", "error").add("code", error.wireName())
                .add("message", message);
        if (stream != null) {
            builder.add("stream", stream);
        }
        return frame(builder);
    }

    private static JsonObjectBuilder object() {
        return JsonFactories.BUILDERS.createObjectBuilder();
    }

    private static Frame frame(JsonObjectBuilder builder) {
        return Frame.text(builder.build().toString());
    }
}
