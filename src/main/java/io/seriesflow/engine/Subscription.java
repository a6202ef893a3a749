package io.seriesflow.engine;

import java.util.Objects;

/**
 * One connection's subscription to one stream: the stream's lane hands it points and notices, and it queues
 * them on its connection in order.
 *
 * <p>Thread-safe. The pending-gap fields are guarded by the connection's lock; {@code active} is volatile.
 */
public final class Subscription {
    private final ClientConnection connection;
    private final Stream stream;
    private volatile boolean active = true;
    private long pendingGapFrom = -1;
    private long pendingGapTo = -1;

    Subscription(ClientConnection connection, Stream stream) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.stream = Objects.requireNonNull(stream, "stream");
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

    /** Called on the stream's lane. */
    void deliver(PointChunk chunk) {
        connection.enqueuePoints(this, chunk);
    }

    /** Called on the stream's lane: the reply to the subscribe, before any replayed point. */
    void subscribed(StreamState state) {
        connection.codec().subscribed(descriptor(), state).ifPresent(connection::enqueueControl);
    }

    /** Called on the stream's lane: points from..to will never come. */
    void gap(long from, long to, GapReason reason) {
        connection.codec().gap(descriptor(), from, to, reason).ifPresent(connection::enqueueControl);
    }

    /** Called on the stream's lane: the client's position was in another epoch. */
    void reset(String previousEpoch) {
        connection.codec().reset(descriptor(), previousEpoch).ifPresent(connection::enqueueControl);
    }

    void deactivate() {
        active = false;
    }

    // The following are called with the connection's lock held.

    boolean hasPendingGapLocked() {
        return pendingGapFrom >= 0;
    }

    void addPendingGapLocked(long from, long to) {
        if (pendingGapFrom < 0) {
            pendingGapFrom = from;
        }
        pendingGapTo = Math.max(pendingGapTo, to);
    }

    long pendingGapFromLocked() {
        return pendingGapFrom;
    }

    long pendingGapToLocked() {
        return pendingGapTo;
    }

    void clearPendingGapLocked() {
        pendingGapFrom = -1;
        pendingGapTo = -1;
    }
}
