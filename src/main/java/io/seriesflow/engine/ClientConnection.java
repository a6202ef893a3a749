package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One client connection's outbound side: its subscriptions, a bounded queue of what is waiting, and the one
 * send in flight.
 *
 * <p>Thread-safe. Streams' lanes enqueue points; the connection's own thread enqueues control messages;
 * completions arrive on transport threads (or inline, before {@code send} returns). When the send slot frees,
 * everything queued for one stream that follows without a hole goes out as one frame (up to the codec's
 * maximum), so a client that keeps up gets one frame per publish and a lagging one fewer, larger frames.
 * Beyond {@link ClientLimits#queuePoints()} the overflow policy applies: drop the oldest points and announce the
 * gap, or close the client as too slow. A send in flight longer than {@link ClientLimits#maxLagMillis()} closes
 * the client as too slow. The lock guards only the queue and state, never a call into the transport or codec's
 * point encoding.
 *
 * <p>Sends start on the send executor. For an asynchronous transport that is the calling thread itself (a
 * stream's lane, the sweep, or the previous completion). For a blocking transport it is a small pool shared by
 * all connections: a turn sends what the connection has queued, at most {@link #SENDS_PER_TURN} frames or for
 * {@link #TURN_MILLIS}, then gives the thread back, so a busy or slow client holds at most one pool thread and
 * the others get their turns in between.
 */
public final class ClientConnection {
    /** Frames one turn on a blocking transport's send executor sends before it gives the thread back. */
    static final int SENDS_PER_TURN = 32;
    /** How long one turn on a blocking transport's send executor goes on sending before it gives the thread back. */
    static final long TURN_MILLIS = 5;

    private final FrameTransport transport;
    private final OutboundCodec codec;
    private final ClientLimits limits;
    private final InstantSource clock;
    private final BiConsumer<ClientConnection, DisconnectReason> onClosed;
    /** Whether the transport writes before it returns; then sends run only on {@link #blockingSends}. */
    private final boolean blocking;
    private final Executor blockingSends;
    private final Object lock = new Object();
    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private final Map<StreamId, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong droppedPoints = new AtomicLong();
    private int queuedPoints;
    private SendState state = SendState.IDLE;
    private long inFlightSince;
    private long lastPingAt;
    private boolean pingWanted;
    private volatile long lastHeardFrom;

    /**
     * @param blockingSends where a blocking transport's sends run (unused for an asynchronous transport, whose
     *                      sends start on the calling thread)
     * @param onClosed called once when the connection closes, with the reason, after its subscriptions ended
     */
    public ClientConnection(FrameTransport transport, OutboundCodec codec, ClientLimits limits, InstantSource clock,
                            Executor blockingSends, BiConsumer<ClientConnection, DisconnectReason> onClosed) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.blocking = transport.blocksWhileSending();
        this.blockingSends = Objects.requireNonNull(blockingSends, "blockingSends");
        this.lastHeardFrom = clock.millis();
        this.lastPingAt = lastHeardFrom;
    }

    /** Records that the client spoke (a message or a pong), which keeps it from the idle timeout. */
    public void heardFrom() {
        lastHeardFrom = clock.millis();
    }

    public OutboundCodec codec() {
        return codec;
    }

    /**
     * Subscribes to the stream, resuming as asked.
     *
     * @return false when this connection is already subscribed to the stream
     * @throws SubscriptionLimitException when the connection has as many subscriptions as allowed
     */
    public boolean subscribe(Stream stream, Resume resume) {
        if (isClosed()) {
            return false;
        }
        if (subscriptions.size() >= limits.maxSubscriptions() && !subscriptions.containsKey(stream.id())) {
            throw new SubscriptionLimitException(limits.maxSubscriptions());
        }
        Subscription subscription = new Subscription(this, stream);
        if (subscriptions.putIfAbsent(stream.id(), subscription) != null) {
            return false;
        }
        if (isClosed()) {
            // close() ran after the check above and may have missed this subscription: undo it here.
            subscriptions.remove(stream.id(), subscription);
            subscription.deactivate();
            return false;
        }
        stream.subscribe(subscription, resume);
        return true;
    }

    /** Ends the subscription; points of it still queued are discarded. Returns false when there was none. */
    public boolean unsubscribe(StreamId id) {
        Subscription subscription = subscriptions.remove(id);
        if (subscription == null) {
            return false;
        }
        subscription.deactivate();
        subscription.stream().unsubscribe(subscription);
        return true;
    }

    /** Queues a control message (never dropped by the overflow policy). */
    public void enqueueControl(Frame frame) {
        synchronized (lock) {
            if (state == SendState.CLOSED) {
                return;
            }
            queue.addLast(new Outbound(null, null, frame));
        }
        kick();
    }

    void enqueuePoints(Subscription subscription, PointChunk chunk) {
        DisconnectReason slow = null;
        Object next = null;
        synchronized (lock) {
            if (state == SendState.CLOSED || !subscription.isActive()) {
                return;
            }
            queue.addLast(new Outbound(subscription, chunk, null));
            queuedPoints += chunk.size();
            if (state != SendState.IDLE && clock.millis() - inFlightSince > limits.maxLagMillis()) {
                slow = DisconnectReason.SLOW_CONSUMER;
            } else if (queuedPoints > limits.queuePoints()) {
                if (limits.overflow() == OverflowPolicy.CLOSE) {
                    slow = DisconnectReason.SLOW_CONSUMER;
                } else {
                    dropOldestLocked();
                }
            }
            if (slow == null && state == SendState.IDLE) {
                // Claimed under the same lock as the enqueue: one lock round per subscriber and publish.
                next = claimNextLocked();
            }
        }
        if (slow != null) {
            close(slow);
        } else if (next != null) {
            startSending(next);
        }
    }

    /**
     * The periodic check: closes the client when its send has been in flight too long or it went silent, and
     * pings it every ping interval, whether or not data flows (a client that only receives answers nothing but
     * pongs). The ping takes the send slot: at once when it is free, else as soon as the send in flight ends,
     * so it never races a frame.
     */
    void sweep(long now, ConnectionPolicy policy) {
        DisconnectReason reason = null;
        boolean ping = false;
        synchronized (lock) {
            if (state == SendState.CLOSED) {
                return;
            }
            if (state != SendState.IDLE && now - inFlightSince > limits.maxLagMillis()) {
                reason = DisconnectReason.SLOW_CONSUMER;
            } else if (now - lastHeardFrom > policy.idleTimeout().toMillis()) {
                reason = DisconnectReason.IDLE_TIMEOUT;
            } else if (now - lastPingAt >= policy.pingInterval().toMillis()) {
                lastPingAt = now;
                if (state == SendState.IDLE) {
                    state = SendState.SENDING;
                    inFlightSince = now;
                    ping = true;
                } else {
                    pingWanted = true;
                }
            }
        }
        if (reason != null) {
            close(reason);
        } else if (ping) {
            sendPing();
        }
    }

    private void sendPing() {
        startSending(PING);
    }

    /** Closes the connection and ends its subscriptions. Idempotent; only the first reason counts. */
    public void close(DisconnectReason reason) {
        synchronized (lock) {
            if (state == SendState.CLOSED) {
                return;
            }
            state = SendState.CLOSED;
            queue.clear();
            queuedPoints = 0;
        }
        for (StreamId id : List.copyOf(subscriptions.keySet())) {
            unsubscribe(id);
        }
        transport.close(reason);
        onClosed.accept(this, reason);
    }

    public boolean isClosed() {
        synchronized (lock) {
            return state == SendState.CLOSED;
        }
    }

    /** Points dropped by the overflow policy. */
    public long droppedPoints() {
        return droppedPoints.get();
    }

    public int queuedPoints() {
        synchronized (lock) {
            return queuedPoints;
        }
    }

    /** Drops whole queued chunks from the oldest until the queue fits, keeping at least the newest one. */
    private void dropOldestLocked() {
        Iterator<Outbound> it = queue.iterator();
        while (queuedPoints > limits.queuePoints() && it.hasNext()) {
            Outbound item = it.next();
            if (item.chunk == null || item == queue.peekLast()) {
                continue;
            }
            int remaining = item.chunk.size() - item.from;
            queuedPoints -= remaining;
            droppedPoints.addAndGet(remaining);
            boolean firstDrop = !item.subscription.hasPendingGapLocked();
            item.subscription.addPendingGapLocked(item.chunk.firstSeq() + item.from, item.chunk.lastSeq());
            if (firstDrop) {
                // The gap is announced where the first dropped points were, even if no later point follows.
                item.chunk = null;
                item.gapPlaceholder = true;
            } else {
                it.remove();
            }
        }
    }

    /** Starts a send if none is in flight. */
    private void kick() {
        Object next;
        synchronized (lock) {
            if (state != SendState.IDLE) {
                return;
            }
            next = claimNextLocked();
        }
        if (next != null) {
            startSending(next);
        }
    }

    /**
     * Sends the claimed item, and whatever follows it: on this thread for an asynchronous transport, as a turn
     * on the send pool for a blocking one.
     */
    private void startSending(Object first) {
        if (!blocking) {
            sendFrom(first);
            return;
        }
        try {
            blockingSends.execute(() -> sendFrom(first));
        } catch (RejectedExecutionException e) {
            // Only a send executor that is shutting down refuses work: the application is stopping.
            close(DisconnectReason.SERVER_SHUTDOWN);
        }
    }

    private void sendFrom(Object first) {
        Object next = first;
        int sent = 0;
        long turnStart = blocking ? clock.millis() : 0;
        while (next != null) {
            if (blocking && sent > 0 && (sent == SENDS_PER_TURN || clock.millis() - turnStart >= TURN_MILLIS)) {
                startSending(next); // the turn is over: the rest is a new turn, after the other connections'
                return;
            }
            sent++;
            try {
                if (next == PING) {
                    transport.ping(this::onSendCompleted);
                } else {
                    transport.send(encode(next), this::onSendCompleted);
                }
            } catch (RuntimeException e) {
                close(DisconnectReason.SEND_FAILED);
                return;
            }
            synchronized (lock) {
                next = afterSendReturnedLocked();
            }
        }
    }

    /**
     * Called when {@code send} or {@code ping} has returned: if the completion already ran, claims the next
     * item for this thread to send; otherwise the completion will continue.
     */
    private Object afterSendReturnedLocked() {
        if (state == SendState.SENDING) {
            state = SendState.IN_FLIGHT;
            return null;
        }
        return state == SendState.COMPLETED_DURING_SEND ? claimNextLocked() : null;
    }

    /** Takes the next item and moves the slot to SENDING, or to IDLE when there is none. */
    private Object claimNextLocked() {
        Object next = takeNextLocked();
        state = next == null ? SendState.IDLE : SendState.SENDING;
        inFlightSince = clock.millis();
        return next;
    }

    private void onSendCompleted(Throwable failure) {
        if (failure != null) {
            close(failure instanceof SendTimedOutException ? DisconnectReason.SLOW_CONSUMER
                    : DisconnectReason.SEND_FAILED);
            return;
        }
        Object next;
        synchronized (lock) {
            if (state == SendState.SENDING) {
                state = SendState.COMPLETED_DURING_SEND;
                return;
            }
            if (state != SendState.IN_FLIGHT) {
                return;
            }
            next = claimNextLocked();
        }
        if (next != null) {
            startSending(next);
        }
    }

    private Frame encode(Object next) {
        return next instanceof PendingPoints points ? codec.points(points.stream, points.slices) : (Frame) next;
    }

    /**
     * The next thing to send: {@link #PING}, a ready {@link Frame}, or {@link PendingPoints} to encode outside
     * the lock.
     */
    private Object takeNextLocked() {
        if (pingWanted) {
            pingWanted = false;
            return PING;
        }
        while (!queue.isEmpty()) {
            Outbound head = queue.peekFirst();
            if (head.control != null) {
                queue.pollFirst();
                return head.control;
            }
            Subscription subscription = head.subscription;
            if (head.gapPlaceholder) {
                queue.pollFirst();
                Object gap = pendingGapFrameLocked(subscription);
                if (gap != null) {
                    return gap;
                }
                continue;
            }
            if (!subscription.isActive()) {
                queue.pollFirst();
                queuedPoints -= head.chunk == null ? 0 : head.chunk.size() - head.from;
                continue;
            }
            if (subscription.hasPendingGapLocked()) {
                Object gap = pendingGapFrameLocked(subscription);
                if (gap != null) {
                    return gap;
                }
                continue;
            }
            return new PendingPoints(subscription.descriptor(), takeRunLocked(subscription));
        }
        return null;
    }

    /** The subscription's pending overflow gap as a frame (clearing it), or null when none or inexpressible. */
    private Object pendingGapFrameLocked(Subscription subscription) {
        if (!subscription.isActive() || !subscription.hasPendingGapLocked()) {
            return null;
        }
        long from = subscription.pendingGapFromLocked();
        long to = subscription.pendingGapToLocked();
        subscription.clearPendingGapLocked();
        return codec.gap(subscription.descriptor(), from, to, GapReason.OVERFLOW).orElse(null);
    }

    /** Consecutive points of one subscription from the head of the queue, up to the codec's frame size. */
    private List<ChunkSlice> takeRunLocked(Subscription subscription) {
        List<ChunkSlice> slices = new ArrayList<>(2);
        int budget = codec.maxPointsPerFrame();
        long nextSeq = -1;
        while (budget > 0 && !queue.isEmpty()) {
            Outbound item = queue.peekFirst();
            if (item.subscription != subscription || item.chunk == null || subscription.hasPendingGapLocked()
                    || (nextSeq >= 0 && item.chunk.firstSeq() + item.from != nextSeq)) {
                break;
            }
            int take = Math.min(budget, item.chunk.size() - item.from);
            slices.add(new ChunkSlice(item.chunk, item.from, item.from + take));
            item.from += take;
            budget -= take;
            queuedPoints -= take;
            nextSeq = item.chunk.firstSeq() + item.from;
            if (item.from < item.chunk.size()) {
                break;
            }
            queue.pollFirst();
        }
        return slices;
    }

    /**
     * A queued item: a control frame, (part of) a chunk for a subscription, or the place where that
     * subscription's dropped points were (its gap goes out there). Guarded by the lock.
     */
    private static final class Outbound {
        final Subscription subscription;
        final Frame control;
        PointChunk chunk;
        int from;
        boolean gapPlaceholder;

        Outbound(Subscription subscription, PointChunk chunk, Frame control) {
            this.subscription = subscription;
            this.chunk = chunk;
            this.control = control;
        }
    }

    private record PendingPoints(StreamDescriptor stream, List<ChunkSlice> slices) {
    }

    /** Marks "send a protocol ping" in the send path. */
    private static final Object PING = new Object();

    /** Where the single send slot is. */
    private enum SendState {
        /** No send in flight. */
        IDLE,
        /** A thread is inside {@code transport.send}. */
        SENDING,
        /** The send completed before {@code transport.send} returned; the sending thread continues. */
        COMPLETED_DURING_SEND,
        /** {@code transport.send} returned; the completion will continue. */
        IN_FLIGHT,
        /** Terminal. */
        CLOSED
    }
}
