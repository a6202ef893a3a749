package io.seriesflow.protocol;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.CommandError;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.OutboundCodec;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code seriesflow.v1} messages as Server-Sent Events ({@code text/event-stream}): each message is one event
 * whose {@code data} is the message's JSON, exactly as a WebSocket client of {@code seriesflow.v1} receives it.
 * A {@code points} event also carries an {@code id} naming every stream's position on this connection
 * ({@link SseEventId}), so a reconnect with {@code Last-Event-ID} resumes all of them exactly; other events carry
 * none, so the id a client keeps is always the one of the last points it received.
 *
 * <p>One instance per connection, because the id is the connection's own. Thread-safe: points are encoded by
 * whoever sends (one at a time), replies on the streams' lanes. A chunk's JSON is encoded once for all clients
 * (the {@link JsonCodec}'s cache); each event adds its own id line to it.
 */
public final class SseCodec implements OutboundCodec {
    /** A comment line: keeps proxies from timing the connection out and tells the server the client is there. */
    public static final String HEARTBEAT = ": heartbeat\n\n";

    private final JsonCodec json;
    private final Map<StreamId, SseEventId.Position> positions;

    /** @param resumedFrom the positions the client came back with (its {@code Last-Event-ID}) */
    public SseCodec(int maxPointsPerFrame, SseEventId resumedFrom) {
        this.json = new JsonCodec(maxPointsPerFrame);
        this.positions = new ConcurrentHashMap<>(resumedFrom.positions());
    }

    /** One event without an id: a line {@code data: <json>}, then the blank line that ends it. */
    public static Frame event(Frame message) {
        return Frame.text("data: " + message.text() + "\n\n");
    }

    /** Like {@link #event(Frame)}, first telling the client to wait this long before it reconnects by itself. */
    public static Frame event(Frame message, long retryMillis) {
        return Frame.text("retry: " + retryMillis + "\ndata: " + message.text() + "\n\n");
    }

    /**
     * The last event of a connection the server ends: {@code {"type":"close","code":c,"reason":r}}, with the code
     * a WebSocket client would get for the same reason (docs/protocol.md).
     */
    public static Frame closeEvent(int code, String reason) {
        return event(Frame.text(JsonFactories.BUILDERS.createObjectBuilder().add("type", "close").add("code", code)
                .add("reason", reason).build().toString()));
    }

    /** The positions an id written now would carry. */
    public SseEventId positions() {
        return new SseEventId(positions);
    }

    @Override
    public String mode() {
        return "sse";
    }

    @Override
    public int maxPointsPerFrame() {
        return json.maxPointsPerFrame();
    }

    @Override
    public int bytesPerPoint() {
        return json.bytesPerPoint();
    }

    @Override
    public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
        Frame message = json.points(stream, slices);
        positions.put(stream.id(), new SseEventId.Position(stream.epoch(),
                slices.get(slices.size() - 1).lastSeq()));
        return Frame.text("id: " + positions().text() + "\ndata: " + message.text() + "\n\n");
    }

    /**
     * A new subscription's position is where the stream stands, so that a reconnect before its first point still
     * misses nothing; a resumed one keeps the position the client came back with.
     */
    @Override
    public Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
        positions.putIfAbsent(stream.id(), new SseEventId.Position(stream.epoch(), state.lastSeq()));
        return json.subscribed(stream, state).map(SseCodec::event);
    }

    @Override
    public Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return json.gap(stream, from, to, reason).map(SseCodec::event);
    }

    @Override
    public Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
        return json.reset(stream, previousEpoch).map(SseCodec::event);
    }

    @Override
    public Optional<Frame> unsubscribed(StreamId stream) {
        positions.remove(stream);
        return json.unsubscribed(stream).map(SseCodec::event);
    }

    @Override
    public Optional<Frame> error(CommandError error, String message, StreamId stream) {
        return json.error(error, message, stream).map(SseCodec::event);
    }

    @Override
    public Optional<Frame> time(long serverTimeMillis) {
        return json.time(serverTimeMillis).map(SseCodec::event);
    }
}
