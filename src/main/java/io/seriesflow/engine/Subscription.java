package io.seriesflow.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection's subscription to one stream: the stream's lane hands it replies, replayed points and live
 * points, and it queues them on its connection in order.
 *
 * <p>Thread-safe: {@code active} is volatile; the replay flag changes by compare-and-set.
 */
public final class Subscription {
    private final ClientConnection connection;
    private final Stream stream;
    private final Optional<OverflowPolicy> overflow;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private volatile boolean active = true;

    Subscription(ClientConnection connection, Stream stream) {
        this(connection, stream, Optional.empty());
    }

    /** @param overflow the client's choice for this stream's points when it falls behind; empty: the server's */
    Subscription(ClientConnection connection, Stream stream, Optional<OverflowPolicy> overflow) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.overflow = Objects.requireNonNull(overflow, "overflow");
    }

    /** The client's overflow policy for this stream, if it chose one. */
    public Optional<OverflowPolicy> overflow() {
        return overflow;
    }

    public ClientConnection connection() {
        return connection;
    }

    public Stream stream() {
        return stream;
    }

    public StreamDescriptor descriptor() {
        return stream.descriptor();
    }

    public boolean isActive() {
        return active;
    }

    /** Called on the stream's lane: a live chunk. */
    void deliver(PointChunk chunk) {
        deliver(chunk, 0);
    }

    /** Called on the stream's lane: a live chunk the stream applied at {@code appliedNanos} (ticker time). */
    void deliver(PointChunk chunk, long appliedNanos) {
        connection.enqueuePoints(this, chunk, appliedNanos);
    }

    /** Called on the stream's lane: the retained points to replay (views of history), before any live point. */
    void replay(List<PointChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        if (replaying.compareAndSet(false, true)) {
            connection.replayStarted();
        }
        connection.enqueueReplay(this, chunks);
    }

    /**
     * Called on the stream's lane: the window's history as one aggregate, before any live point. Counts as a
     * replay until it is taken for sending.
     */
    void backfill(PointAggregate aggregate) {
        if (connection.codec().maxAggregatePointsPerFrame() == 0) {
            return; // the format cannot carry it: the subscription goes live without it
        }
        if (replaying.compareAndSet(false, true)) {
            connection.replayStarted();
        }
        connection.enqueueBackfill(this, aggregate);
    }

    /** The replay's last points were taken for sending, or the subscription ended: counted once. */
    void replayEnded() {
        if (replaying.compareAndSet(true, false)) {
            connection.replayFinished();
        }
    }

    /** Called on the stream's lane: the reply to the subscribe, before any replayed point. */
    void subscribed(StreamState state) {
        connection.codec().subscribed(descriptor(), state).ifPresent(connection::enqueueControl);
    }

    /** Called on the stream's lane: points from..to will never come. */
    void gap(long from, long to, GapReason reason) {
        connection.gapAnnounced(reason);
        connection.codec().gap(descriptor(), from, to, reason).ifPresent(connection::enqueueControl);
    }

    /** Called on the stream's lane: the client's position was in another epoch. */
    void reset(String previousEpoch) {
        connection.codec().reset(descriptor(), previousEpoch).ifPresent(connection::enqueueControl);
    }

    void deactivate() {
        active = false;
        replayEnded();
    }
}
