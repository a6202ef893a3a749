package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One client connection's outbound side: its subscriptions, its {@link OutboundQueue} (bounded in bytes), the
 * one send in flight ({@link SendSlot}) and its {@link Liveness}. This class only coordinates them.
 *
 * <p>Thread-safe. Streams' lanes queue points and replies, the command dispatcher queues replies, completions
 * arrive on transport threads (or inline, before {@code send} returns). Whoever claims the send slot sends what
 * is queued; when the slot frees, everything queued for one stream that follows without a hole goes out as one
 * frame (up to the codec's maximum), so a client that keeps up gets one frame per publish and a lagging one
 * fewer, larger frames. No lock is held across a call into the transport or the codec's point encoding.
 *
 * <p>Sends start on the send executor. For an asynchronous transport that is the calling thread itself. For a
 * blocking transport it is a pool shared by all connections: a turn sends at most {@link #SENDS_PER_TURN} frames
 * or for {@link #TURN_NANOS}, then gives the thread back.
 */
public final class ClientConnection {
    /** Frames one turn on a blocking transport's send executor sends before it gives the thread back. */
    static final int SENDS_PER_TURN = 32;
    /** How long one turn on a blocking transport's send executor goes on before it gives the thread back. */
    static final long TURN_NANOS = 5_000_000L;

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final FrameTransport transport;
    private final OutboundCodec codec;
    private final ClientLimits limits;
    private final Ticker ticker;
    private final BiConsumer<ClientConnection, DisconnectReason> onClosed;
    /** Whether the transport writes before it returns; then sends run only on {@link #blockingSends}. */
    private final boolean blocking;
    private final Executor blockingSends;
    private final OutboundQueue queue;
    private final SendSlot slot = new SendSlot();
    /** This connection's turn on the send executor and its send completion, made once rather than per frame. */
    private final Runnable sendTurn = this::sendWhileOwned;
    private final FrameTransport.SendCompletion sendCompleted = this::onSendCompleted;
    private final Liveness liveness;
    private final Map<StreamId, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger replays = new AtomicInteger();
    private final CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
    private volatile DisconnectReason finishWith;
    private volatile Runnable replayListener = () -> { };
    private final ConnectionMeter meter;
    private final EngineMetrics metrics;
    private final long openedNanos;
    /** The frame in flight, for the meter: its points, bytes and oldest live point's time of application. */
    private volatile long sendingPoints;
    private volatile long sendingBytes;
    private volatile long sendingAppliedNanos;
    /** What the queue held when the connection closed: live points discarded, and bytes. */
    private volatile long discardedOnClose;
    private volatile long queuedBytesOnClose;

    /**
     * @param blockingSends where a blocking transport's sends run (unused for an asynchronous transport, whose
     *                      sends start on the calling thread)
     * @param onClosed called once when the connection closes, with the reason, after its subscriptions ended
     */
    public ClientConnection(FrameTransport transport, OutboundCodec codec, ClientLimits limits, Ticker ticker,
                            Executor blockingSends, BiConsumer<ClientConnection, DisconnectReason> onClosed) {
        this(transport, codec, limits, ticker, blockingSends, onClosed, EngineMetrics.off());
    }

    /** As above, counting its sends, gaps and refusals in {@code metrics}. */
    public ClientConnection(FrameTransport transport, OutboundCodec codec, ClientLimits limits, Ticker ticker,
                            Executor blockingSends, BiConsumer<ClientConnection, DisconnectReason> onClosed,
                            EngineMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meter = metrics.meterFor(codec.mode());
        this.transport = Objects.requireNonNull(transport, "transport");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.blocking = transport.blocksWhileSending();
        this.blockingSends = Objects.requireNonNull(blockingSends, "blockingSends");
        this.queue = new OutboundQueue(codec, limits, metrics);
        this.liveness = new Liveness(ticker.nanos());
        this.openedNanos = ticker.nanos();
    }

    /** Records that the client spoke (a message or a pong), which keeps it from the idle timeout. */
    public void heardFrom() {
        liveness.heardFrom(ticker.nanos());
    }

    public OutboundCodec codec() {
        return codec;
    }

    public ClientLimits limits() {
        return limits;
    }

    /**
     * Subscribes to the stream, resuming as asked.
     *
     * @return when the stream has queued the reply (and the replay), or empty when this connection is already
     *         subscribed to the stream or is closed
     * @throws SubscriptionLimitException when the connection has as many subscriptions as allowed
     */
    public Optional<CompletableFuture<Void>> subscribe(Stream stream, Resume resume) {
        return subscribe(stream, resume, Optional.empty());
    }

    /**
     * As {@link #subscribe(Stream, Resume)}, with the client's choice of what happens to this stream's points
     * when it falls behind (empty: the server's policy).
     */
    public Optional<CompletableFuture<Void>> subscribe(Stream stream, Resume resume,
                                                       Optional<OverflowPolicy> overflow) {
        if (isClosed()) {
            return Optional.empty();
        }
        if (subscriptions.size() >= limits.maxSubscriptions() && !subscriptions.containsKey(stream.id())) {
            throw new SubscriptionLimitException(limits.maxSubscriptions());
        }
        Subscription subscription = new Subscription(this, stream, overflow);
        if (subscriptions.putIfAbsent(stream.id(), subscription) != null) {
            return Optional.empty();
        }
        if (isClosed()) {
            // close() ran after the check above and may have missed this subscription: undo it here.
            subscriptions.remove(stream.id(), subscription);
            subscription.deactivate();
            return Optional.empty();
        }
        return Optional.of(stream.subscribe(subscription, resume));
    }

    /** Whether this connection is subscribed to the stream. */
    public boolean isSubscribed(StreamId id) {
        return subscriptions.containsKey(id);
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

    /** Queues a reply or notice; one that would take the queue above its budget closes the client as too slow. */
    public void enqueueControl(Frame frame) {
        offerControl(frame, false);
    }

    /** Queues an error reply, unless an identical one is still waiting (a client repeating a mistake gets one). */
    public void enqueueError(Frame frame) {
        offerControl(frame, true);
    }

    private void offerControl(Frame frame, boolean coalescible) {
        if (isClosed()) {
            return;
        }
        if (queue.offerControl(frame, coalescible) == OutboundQueue.Offer.REFUSED) {
            close(DisconnectReason.SLOW_CONSUMER);
        } else {
            kick();
        }
    }

    /** Called on a stream's lane: a live chunk. */
    void enqueuePoints(Subscription subscription, PointChunk chunk) {
        enqueuePoints(subscription, chunk, 0);
    }

    /** Called on a stream's lane: a live chunk the stream applied at {@code appliedNanos} (ticker time). */
    void enqueuePoints(Subscription subscription, PointChunk chunk, long appliedNanos) {
        if (isClosed() || !subscription.isActive()) {
            return;
        }
        if (queue.offerPoints(subscription, chunk, false, false, appliedNanos) == OutboundQueue.Offer.REFUSED
                || slot.busyNanos(ticker.nanos()) > lagLimitNanos()) {
            close(DisconnectReason.SLOW_CONSUMER);
        } else {
            kick();
        }
    }

    /** Called on a stream's lane: the views of history to replay, queued together so they go out in full frames. */
    void enqueueReplay(Subscription subscription, List<PointChunk> chunks) {
        if (isClosed() || !subscription.isActive()) {
            return;
        }
        for (int i = 0; i < chunks.size(); i++) {
            queue.offerPoints(subscription, chunks.get(i), true, i == chunks.size() - 1);
        }
        kick();
    }

    /** Called on a stream's lane: a subscribe's backfill, outside the budget like a replay. */
    void enqueueBackfill(Subscription subscription, PointAggregate aggregate) {
        if (isClosed() || !subscription.isActive()) {
            return;
        }
        queue.offerAggregate(subscription, aggregate);
        kick();
    }

    void replayStarted() {
        replays.incrementAndGet();
    }

    void replayFinished() {
        replays.decrementAndGet();
        replayListener.run();
    }

    /** Subscriptions whose replay is still waiting to be sent. */
    public int replaysInProgress() {
        return replays.get();
    }

    /** Called (on any thread) whenever a replay has been sent or abandoned. Set once, before any subscribe. */
    public void onReplayFinished(Runnable listener) {
        replayListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The periodic check: closes the client when its send has been in flight too long or it went silent, and
     * pings it every ping interval, whether or not data flows. The ping goes before anything else waiting, as
     * soon as the send in flight (if any) ends.
     */
    void sweep(long nowNanos, ConnectionPolicy policy) {
        if (isClosed()) {
            return;
        }
        if (slot.busyNanos(nowNanos) > lagLimitNanos()) {
            close(DisconnectReason.SLOW_CONSUMER);
            return;
        }
        switch (liveness.check(nowNanos, policy)) {
            case IDLE_TIMEOUT -> close(DisconnectReason.IDLE_TIMEOUT);
            case PING -> {
                queue.requestPing();
                kick();
            }
            case NOTHING -> {
                // nothing due
            }
        }
    }

    private long lagLimitNanos() {
        return limits.maxLagMillis() * 1_000_000L;
    }

    /**
     * Closes the connection once everything queued has been sent (or at once when nothing is); used on
     * shutdown so that accepted points reach the client before it is told to go away.
     */
    public void finish(DisconnectReason reason) {
        finishWith = Objects.requireNonNull(reason, "reason");
        if (slot.tryClaim(ticker.nanos())) {
            startSending();
        }
    }

    /** Closes the connection and ends its subscriptions. Idempotent; only the first reason counts. */
    public void close(DisconnectReason reason) {
        if (!slot.close()) {
            return;
        }
        queuedBytesOnClose = queue.queuedBytes();
        discardedOnClose = queue.clear();
        metrics.release(meter);
        try {
            for (StreamId id : List.copyOf(subscriptions.keySet())) {
                endSubscriptionQuietly(id);
            }
        } finally {
            try {
                transport.close(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing transport " + transport.id() + " failed", e);
            } finally {
                onClosed.accept(this, reason);
                closed.complete(reason);
            }
        }
    }

    private void endSubscriptionQuietly(StreamId id) {
        try {
            unsubscribe(id);
        } catch (RuntimeException e) {
            // The stream's lane refuses work only while the application stops; the subscription is inactive.
            LOG.log(Level.DEBUG, "Ending subscription to {0} failed: {1}", id, e.toString());
        }
    }

    public boolean isClosed() {
        return slot.isClosed();
    }

    /** Completes with the reason once the connection has closed. */
    public CompletableFuture<DisconnectReason> closedFuture() {
        return closed;
    }

    /** Points dropped by the overflow policy. */
    public long droppedPoints() {
        return queue.droppedPoints();
    }

    /** Waiting points the aggregate overflow policy replaced by their aggregates. */
    public long aggregatedPoints() {
        return queue.aggregatedPoints();
    }

    public long queuedPoints() {
        return queue.queuedPoints();
    }

    /** What the queue counts against its budget now, in estimated wire bytes. */
    public long queuedBytes() {
        return queue.queuedBytes();
    }

    /** What its queue holds now, read at once. */
    QueueLevel queueLevel() {
        return queue.level();
    }

    /** Live points still queued when the connection closed (0 while open). */
    public long discardedOnClose() {
        return discardedOnClose;
    }

    void gapAnnounced(GapReason reason) {
        metrics.announced(reason);
    }

    void rateLimited(EngineMetrics.RateLimit limit) {
        metrics.refused(limit);
    }

    /** The wire mode, for operators. */
    public String mode() {
        return codec.mode();
    }

    /** How this connection looks to operators now. */
    public ConnectionView view() {
        long now = ticker.nanos();
        long oldest = queue.oldestAppliedNanos();
        long lag = Math.max(oldest == 0 ? 0 : now - oldest, slot.busyNanos(now));
        List<String> streams = subscriptions.keySet().stream().map(StreamId::name).sorted().toList();
        QueueLevel level = queue.level();
        return new ConnectionView(transport.id(), codec.mode(), transport.peer(), streams, level.bytes(),
                level.points(), queue.droppedPoints(), lag / 1_000_000, (now - openedNanos) / 1_000_000);
    }

    /** How this connection looked when it closed, for operators. */
    ClosedConnection closedView(long closedAtMillis, DisconnectReason reason) {
        return new ClosedConnection(closedAtMillis, transport.id(), codec.mode(), transport.peer(), reason,
                queuedBytesOnClose, queue.droppedPoints(), (ticker.nanos() - openedNanos) / 1_000_000);
    }

    /** Error replies not queued because an identical one was waiting. */
    public long coalescedReplies() {
        return queue.coalesced();
    }

    /** Starts sending if no send is in flight. */
    private void kick() {
        if (slot.tryClaim(ticker.nanos())) {
            startSending();
        }
    }

    /** The caller owns the slot: sends on this thread (asynchronous transport) or as a turn on the pool. */
    private void startSending() {
        if (!blocking) {
            sendWhileOwned();
            return;
        }
        try {
            blockingSends.execute(sendTurn);
        } catch (RejectedExecutionException e) {
            // Only a send executor that is shutting down refuses work: the application is stopping.
            close(DisconnectReason.SERVER_SHUTDOWN);
        }
    }

    /** Sends what is queued while this thread owns the slot; a blocking turn ends after its frame or time budget. */
    private void sendWhileOwned() {
        int sent = 0;
        long turnStart = blocking ? ticker.nanos() : 0;
        while (true) {
            if (blocking && sent > 0 && (sent >= SENDS_PER_TURN || ticker.nanos() - turnStart >= TURN_NANOS)) {
                if (queue.isEmpty() && !keepSlotAfterEmptyQueue()) {
                    return;
                }
                startSending(); // the turn is over: the rest is a new turn, after the other connections'
                return;
            }
            Outgoing next = queue.poll();
            if (next == null) {
                if (!keepSlotAfterEmptyQueue()) {
                    return;
                }
                continue;
            }
            sent++;
            if (!send(next) || !slot.sendReturned(ticker.nanos())) {
                return;
            }
        }
    }

    /**
     * The queue looked empty: frees the slot, then takes it back if something arrived meanwhile (true: go on).
     * A finishing connection whose queue is empty closes.
     */
    private boolean keepSlotAfterEmptyQueue() {
        slot.release();
        DisconnectReason finishing = finishWith;
        if ((queue.isEmpty() && finishing == null) || !slot.tryClaim(ticker.nanos())) {
            return false;
        }
        if (finishing != null && queue.isEmpty()) {
            close(finishing);
            return false;
        }
        return true;
    }

    /** Hands one item to the transport; false when that failed and the connection is closed. */
    private boolean send(Outgoing next) {
        if (blocking) {
            slot.startedWriting(ticker.nanos());
        }
        try {
            if (next instanceof Outgoing.Points points) {
                Frame frame = codec.points(points.subscription().descriptor(), points.slices());
                measuring(points.size(), frame, points.appliedNanos());
                transport.send(frame, sendCompleted);
                if (points.endsReplay()) {
                    points.subscription().replayEnded();
                }
            } else if (next instanceof Outgoing.Aggregate aggregate) {
                Frame frame = codec.aggregate(aggregate.subscription().descriptor(), aggregate.aggregate(),
                        aggregate.from(), aggregate.to());
                measuring(0, frame, 0);
                transport.send(frame, sendCompleted);
                if (aggregate.endsReplay()) {
                    aggregate.subscription().replayEnded();
                }
            } else if (next instanceof Outgoing.Control control) {
                measuring(0, control.frame(), 0);
                transport.send(control.frame(), sendCompleted);
            } else {
                measuring(-1, null, 0);
                transport.ping(sendCompleted);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Send to {0} failed: {1}", transport.id(), e.toString());
            close(DisconnectReason.SEND_FAILED);
            return false;
        }
    }

    /**
     * Notes what goes out now, for the meter when the send completes (one send is in flight at a time); a ping
     * ({@code points} -1) is not metered.
     */
    private void measuring(int points, Frame frame, long appliedNanos) {
        if (meter != ConnectionMeter.OFF) {
            sendingPoints = points;
            sendingBytes = frame == null ? 0 : frame.byteCount();
            sendingAppliedNanos = appliedNanos;
        }
    }

    private void onSendCompleted(Throwable failure) {
        if (failure != null) {
            close(failure instanceof SendTimedOutException ? DisconnectReason.SLOW_CONSUMER
                    : DisconnectReason.SEND_FAILED);
            return;
        }
        long now = ticker.nanos();
        if (meter != ConnectionMeter.OFF && sendingPoints >= 0) {
            meter.sent((int) sendingPoints, (int) sendingBytes, sendingAppliedNanos, now);
        }
        if (slot.completed(now)) {
            startSending();
        }
    }
}
