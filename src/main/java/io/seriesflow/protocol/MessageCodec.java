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
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The control messages shared by {@code seriesflow.v1} and {@code seriesflow.bin.v1}: JSON text frames from
 * {@link JsonMessages}. Subclasses encode points. Stateless.
 */
abstract class MessageCodec implements OutboundCodec {
    private final int maxPointsPerFrame;

    MessageCodec(int maxPointsPerFrame) {
        this.maxPointsPerFrame = maxPointsPerFrame;
    }

    @Override
    public final int maxPointsPerFrame() {
        return maxPointsPerFrame;
    }

    /**
     * The frame for slices that are exactly one of their chunk's frame-sized blocks
     * ({@code [k * max, min((k + 1) * max, size))}), built once per chunk and block and kept in the chunk's
     * cache slot; null for any other slices. Every client that keeps up receives a published chunk as exactly
     * these blocks (a chunk of at most a frame's size is block 0), so each is encoded once for all of them.
     */
    final Frame cachedBlock(List<ChunkSlice> slices, int slot, Supplier<Frame> encode) {
        if (slices.size() != 1) {
            return null;
        }
        ChunkSlice slice = slices.get(0);
        PointChunk chunk = slice.chunk();
        if (slice.from() % maxPointsPerFrame != 0
                || slice.to() != Math.min(slice.from() + maxPointsPerFrame, chunk.size())) {
            return null;
        }
        Blocks blocks = chunk.cached(slot, () -> new Blocks(maxPointsPerFrame,
                new AtomicReferenceArray<>((chunk.size() + maxPointsPerFrame - 1) / maxPointsPerFrame)));
        if (blocks.maxPointsPerFrame() != maxPointsPerFrame) {
            return null; // another codec of this format, with another frame size, cached the chunk's blocks
        }
        int block = slice.from() / maxPointsPerFrame;
        Frame frame = blocks.frames().get(block);
        if (frame == null) {
            // A race may encode twice; both frames are equal and one is kept.
            blocks.frames().compareAndSet(block, null, encode.get());
            frame = blocks.frames().get(block);
        }
        return frame;
    }

    /** A chunk's frames per block, for one frame size. */
    private record Blocks(int maxPointsPerFrame, AtomicReferenceArray<Frame> frames) {
    }

    /** Messages carry a whole aggregate, announced as such. */
    @Override
    public final int maxAggregatePointsPerFrame() {
        return Integer.MAX_VALUE;
    }

    /** The seq range points {@code from..to-1} of an aggregate stand for: all of it for the whole aggregate. */
    static long[] coveredRange(PointAggregate aggregate, int from, int to) {
        return new long[] {from == 0 ? aggregate.firstSeq() : aggregate.seqAt(from),
            to == aggregate.size() ? aggregate.lastSeq() : aggregate.seqAt(to - 1)};
    }

    @Override
    public final Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
        return Optional.of(JsonMessages.subscribed(stream, state));
    }

    @Override
    public final Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return Optional.of(JsonMessages.gap(stream, from, to, reason));
    }

    @Override
    public final Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
        return Optional.of(JsonMessages.reset(stream, previousEpoch));
    }

    @Override
    public final Optional<Frame> unsubscribed(StreamId stream) {
        return Optional.of(JsonMessages.unsubscribed(stream.name()));
    }

    @Override
    public final Optional<Frame> error(CommandError error, String message, StreamId stream) {
        return Optional.of(JsonMessages.error(error, message, stream == null ? null : stream.name()));
    }

    @Override
    public final Optional<Frame> time(long serverTimeMillis) {
        return Optional.of(JsonMessages.time(serverTimeMillis));
    }
}
