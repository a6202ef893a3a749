package io.seriesflow.protocol;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.CommandError;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.OutboundCodec;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.PointChunk;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamState;
import java.util.List;
import java.util.Optional;

/**
 * The compatible mode (no subprotocol): one point per text frame, {@code {"seq":n,"ts":ms,"value":v}}, a
 * superset of the original demo's {@code {"value": v}}. It has no control messages, so gaps and resets are
 * not announced (a client sees a jump in {@code seq}). An aggregate (overflow policy {@code aggregate}) goes out
 * as its kept points, one ordinary frame each: the right shape, with jumps in {@code seq} between them.
 *
 * <p>Stateless and thread-safe. Each point's frame is built once per chunk and shared by all clients.
 */
public final class CompatibleCodec implements OutboundCodec {
    static final int CACHE_SLOT = 0;

    /** One frame per point: a 2-byte frame header and {@code {"seq":n,"ts":ms,"value":v}}. */
    static final int BYTES_PER_POINT = 72;

    @Override
    public int maxPointsPerFrame() {
        return 1;
    }

    @Override
    public int bytesPerPoint() {
        return BYTES_PER_POINT;
    }

    @Override
    public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
        ChunkSlice slice = slices.get(0);
        PointChunk chunk = slice.chunk();
        Frame[] frames = chunk.cached(CACHE_SLOT, () -> new Frame[chunk.size()]);
        int index = slice.from();
        Frame frame = frames[index];
        if (frame == null) {
            // Benign race: two threads may build the same immutable frame; either copy is correct.
            frame = Frame.text(encode(chunk.firstSeq() + index, chunk.timestampAt(index), chunk.valueAt(index)));
            frames[index] = frame;
        }
        return frame;
    }

    /** One point per frame, aggregates too. */
    @Override
    public int maxAggregatePointsPerFrame() {
        return 1;
    }

    @Override
    public Frame aggregate(StreamDescriptor stream, PointAggregate aggregate, int from, int to) {
        return Frame.text(encode(aggregate.seqAt(from), aggregate.timestampAt(from), aggregate.valueAt(from)));
    }

    static String encode(long seq, long timestamp, double value) {
        return new StringBuilder(64).append("{\"seq\":").append(seq).append(",\"ts\":").append(timestamp)
                .append(",\"value\":").append(value).append('}').toString();
    }

    @Override
    public Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> unsubscribed(StreamId stream) {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> error(CommandError error, String message, StreamId stream) {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> time(long serverTimeMillis) {
        return Optional.empty();
    }

    @Override
    public String mode() {
        return "compatible";
    }
}
