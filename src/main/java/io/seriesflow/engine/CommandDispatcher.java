package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries out one connection's commands one at a time, in the order they arrived, so that every command gets
 * exactly one reply and replies keep the commands' order (a {@code subscribed} never follows a later
 * {@code unsubscribed}). A subscribe is done when its stream's lane has queued the reply and the replay; a
 * subscribe that replays waits while the connection has {@link ClientLimits#maxReplays()} replays under way.
 *
 * <p>Inbound limits: every message takes a token from a message bucket before it is parsed, every subscribe one
 * from a subscribe bucket; a refused message is answered {@code rate-limited} in its turn (identical refusals in
 * a row are answered once). After {@link InboundLimits#refusalsBeforeClose()} refusals in a row, or with more
 * than {@link InboundLimits#maxPendingCommands()} commands waiting, the connection is closed as
 * {@link DisconnectReason#TOO_MANY_REQUESTS}.
 *
 * <p>Thread-safe: the container delivers messages one at a time; a command's completion continues on the lane
 * that completed it. One lock guards the waiting commands and the refusal count, never held while a command runs.
 */
public final class CommandDispatcher {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final System.Logger LOG = System.getLogger(CommandDispatcher.class.getName());

    private final ClientConnection connection;
    private final Hub hub;
    private final InboundLimits limits;
    private final InstantSource clock;
    private final Ticker ticker;
    private final TokenBucket messages;
    private final TokenBucket subscribes;
    private final Object lock = new Object();
    private final ArrayDeque<Work> pending = new ArrayDeque<>();
    private boolean busy;
    private int refusalsInARow;

    public CommandDispatcher(ClientConnection connection, Hub hub, InboundLimits limits, InstantSource clock,
                             Ticker ticker) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        long now = ticker.nanos();
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), now);
        this.subscribes = new TokenBucket(limits.subscribesPerSecond(), limits.subscribeBurst(), now);
        connection.onReplayFinished(this::drain);
    }

    /**
     * Counts an inbound message against the message rate, before it is parsed.
     *
     * @return true when the message may be parsed and submitted; false when it was refused (answered in its
     *         turn) or the connection was closed for sending too much
     */
    public boolean admit() {
        boolean admitted = messages.tryTake(ticker.nanos());
        boolean overrun;
        synchronized (lock) {
            if (admitted) {
                refusalsInARow = 0;
                return true;
            }
            overrun = ++refusalsInARow > limits.refusalsBeforeClose();
        }
        connection.rateLimited(EngineMetrics.RateLimit.MESSAGES);
        if (overrun) {
            connection.close(DisconnectReason.TOO_MANY_REQUESTS);
        } else {
            enqueue(new Work.Refuse("more than " + limits.messagesPerSecond()
                    + " messages per second; this one was not carried out"));
        }
        return false;
    }

    /** Queues a command (or an unparseable message) to be carried out in its turn. */
    public void submit(ClientCommand command) {
        enqueue(new Work.Execute(Objects.requireNonNull(command, "command")));
    }

    private void enqueue(Work work) {
        boolean overflow = false;
        synchronized (lock) {
            if (work instanceof Work.Refuse && pending.peekLast() instanceof Work.Refuse last
                    && last.equals(work)) {
                return; // the same refusal is already waiting: one answer for a run of them
            }
            if (pending.size() >= limits.maxPendingCommands()) {
                overflow = true;
            } else {
                pending.addLast(work);
            }
        }
        if (overflow) {
            connection.close(DisconnectReason.TOO_MANY_REQUESTS);
            return;
        }
        drain();
    }

    /** Commands waiting for their turn. */
    public int pendingCommands() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Runs waiting commands until one has to wait (for its lane or for a replay slot) or none is left. */
    private void drain() {
        while (true) {
            Work next;
            synchronized (lock) {
                if (connection.isClosed()) {
                    pending.clear();
                    return;
                }
                if (busy || pending.isEmpty() || waitsForReplaySlot(pending.peekFirst())) {
                    return;
                }
                next = pending.pollFirst();
                busy = true;
            }
            CompletableFuture<Void> done = run(next);
            if (!done.isDone()) {
                done.whenComplete((ignored, failure) -> {
                    finishTurn();
                    drain();
                });
                return;
            }
            finishTurn();
        }
    }

    private void finishTurn() {
        synchronized (lock) {
            busy = false;
        }
    }

    private boolean waitsForReplaySlot(Work work) {
        return work instanceof Work.Execute execute && execute.command() instanceof ClientCommand.Subscribe subscribe
                && subscribe.resume().sendsHistory()
                && connection.replaysInProgress() >= connection.limits().maxReplays();
    }

    private CompletableFuture<Void> run(Work work) {
        if (work instanceof Work.Refuse refuse) {
            reply(CommandError.RATE_LIMITED, refuse.message(), null);
            return DONE;
        }
        ClientCommand command = ((Work.Execute) work).command();
        if (command instanceof ClientCommand.Subscribe subscribe) {
            return subscribe(subscribe);
        }
        if (command instanceof ClientCommand.Unsubscribe unsubscribe) {
            StreamId id = unsubscribe.stream();
            if (connection.unsubscribe(id)) {
                connection.codec().unsubscribed(id).ifPresent(connection::enqueueControl);
            } else {
                reply(CommandError.NOT_SUBSCRIBED, "not subscribed to '" + id + "'", id);
            }
        } else if (command instanceof ClientCommand.Time) {
            connection.codec().time(clock.millis()).ifPresent(connection::enqueueControl);
        } else if (command instanceof ClientCommand.Invalid invalid) {
            reply(CommandError.BAD_MESSAGE, invalid.reason(), null);
        }
        return DONE;
    }

    private CompletableFuture<Void> subscribe(ClientCommand.Subscribe subscribe) {
        StreamId id = subscribe.stream();
        if (!subscribes.tryTake(ticker.nanos())) {
            connection.rateLimited(EngineMetrics.RateLimit.SUBSCRIBES);
            reply(CommandError.RATE_LIMITED, "more than " + limits.subscribesPerSecond()
                    + " subscribes per second; this one was not carried out", id);
            return DONE;
        }
        int maxBuckets = hub.streams().limits().maxAggregateBuckets();
        if (subscribe.resume().backfill().filter(backfill -> backfill.buckets() > maxBuckets).isPresent()) {
            reply(CommandError.BAD_MESSAGE, "a backfill may ask for at most " + maxBuckets + " buckets", id);
            return DONE;
        }
        return hub.lookup(id).thenCompose(stream -> subscribeTo(id, stream, subscribe))
                .exceptionally(failure -> {
                    LOG.log(System.Logger.Level.DEBUG, "Looking up {0} failed: {1}", id, failure.toString());
                    reply(CommandError.UNAVAILABLE, "the stream log cannot be reached; subscribe again later", id);
                    return null;
                });
    }

    private CompletableFuture<Void> subscribeTo(StreamId id, Optional<Stream> stream,
                                                ClientCommand.Subscribe subscribe) {
        if (stream.isEmpty()) {
            reply(CommandError.UNKNOWN_STREAM, "no stream named '" + id + "'", id);
            return DONE;
        }
        try {
            Optional<CompletableFuture<Void>> subscribed = connection.subscribe(stream.get(), subscribe.resume(),
                    subscribe.overflow());
            if (subscribed.isPresent()) {
                return subscribed.get();
            }
            reply(CommandError.ALREADY_SUBSCRIBED, "already subscribed to '" + id + "'", id);
        } catch (SubscriptionLimitException e) {
            reply(CommandError.SUBSCRIPTION_LIMIT, e.getMessage(), id);
        } catch (RejectedExecutionException e) {
            // The stream's lane refuses work only while the application stops; the connection is closing too.
            connection.close(DisconnectReason.SERVER_SHUTDOWN);
        }
        return DONE;
    }

    private void reply(CommandError error, String message, StreamId stream) {
        connection.codec().error(error, message, stream).ifPresent(connection::enqueueError);
    }

    /** A turn of the dispatcher: a command, or the answer to a refused message. */
    private sealed interface Work {
        record Execute(ClientCommand command) implements Work {
        }

        record Refuse(String message) implements Work {
        }
    }
}
