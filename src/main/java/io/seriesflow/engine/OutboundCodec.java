package io.seriesflow.engine;

import java.util.List;
import java.util.Optional;

/**
 * Encodes what the engine sends in one wire format (compatible, JSON v1, binary v1). The engine decides what
 * goes out and in which order; the codec decides how it looks.
 *
 * <p>Implementations must be stateless or thread-safe. They should cache encodings of whole chunks in
 * {@link PointChunk#cached} so that a chunk is serialised once for all clients.
 */
public interface OutboundCodec {
    /** Largest number of points one frame may carry (1 for one-point-per-frame formats). */
    int maxPointsPerFrame();

    /**
     * What one point costs on the wire in this format, estimated generously (framing included): the unit in
     * which queued points count against a client's byte budget.
     */
    int bytesPerPoint();

    /** Consecutive points of one stream (the slices follow each other without a hole). */
    Frame points(StreamDescriptor stream, List<ChunkSlice> slices);

    /**
     * Most points of an M4 aggregate one frame carries: all of them ({@link Integer#MAX_VALUE}, a format that
     * announces aggregates), one (a format of one point per frame, which sends the aggregate's points as ordinary
     * points), or 0 when the format cannot carry aggregates (then the overflow policy drops instead, and a
     * backfill is not sent).
     */
    default int maxAggregatePointsPerFrame() {
        return 0;
    }

    /**
     * Points {@code from} (inclusive) to {@code to} (exclusive) of an M4 aggregate, announced with the seq range
     * they stand for where the format can say so. Called only when {@link #maxAggregatePointsPerFrame()} is
     * positive, with at most that many points.
     */
    default Frame aggregate(StreamDescriptor stream, PointAggregate aggregate, int from, int to) {
        throw new UnsupportedOperationException("this format cannot carry aggregates");
    }

    /** The reply to a subscribe, sent before any replayed point; empty when the format has none. */
    Optional<Frame> subscribed(StreamDescriptor stream, StreamState state);

    /** Points {@code from..to} (inclusive) will not be delivered; empty when the format cannot say so. */
    Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason);

    /** The client's position belongs to another epoch; empty when the format cannot say so. */
    Optional<Frame> reset(StreamDescriptor stream, String previousEpoch);

    /** The reply to an unsubscribe; empty when the format has none. */
    Optional<Frame> unsubscribed(StreamId stream);

    /**
     * A command was not carried out; empty when the format has no replies.
     *
     * @param stream the stream concerned, or null
     */
    Optional<Frame> error(CommandError error, String message, StreamId stream);

    /** The reply to a time request: the server's clock in epoch ms; empty when the format has none. */
    Optional<Frame> time(long serverTimeMillis);

    /** The wire mode's name for operators (metrics, the operations page); a handful of names, never per client. */
    default String mode() {
        return "other";
    }
}
