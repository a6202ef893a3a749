package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's root: the streams, the sources that feed some of them, the connected clients, and the
 * lifecycle. Publishing and connecting go through here so that limits hold and shutdown is orderly: stop
 * accepting, stop sources, let publishes in flight complete, then close every client with "going away".
 *
 * <p>Thread-safe.
 */
public final class Hub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Hub.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final StreamRegistry streams;
    private final ClientLimits clientLimits;
    private final ConnectionPolicy connectionPolicy;
    private final InstantSource clock;
    private final Executor blockingSends;
    private final List<StreamPump> pumps = new ArrayList<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> publishesInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final LongAdder droppedByClosedConnections = new LongAdder();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile ScheduledFuture<?> sweeper;

    /**
     * @param blockingSends where the sends of blocking transports run (see {@link FrameTransport})
     */
    public Hub(StreamRegistry streams, ClientLimits clientLimits, ConnectionPolicy connectionPolicy,
               InstantSource clock, Executor blockingSends) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.clientLimits = Objects.requireNonNull(clientLimits, "clientLimits");
        this.connectionPolicy = Objects.requireNonNull(connectionPolicy, "connectionPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.blockingSends = Objects.requireNonNull(blockingSends, "blockingSends");
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
    }

    public StreamRegistry streams() {
        return streams;
    }

    public ClientLimits clientLimits() {
        return clientLimits;
    }

    /** Adds a source-driven stream; started by {@link #start}. */
    public void addPump(StreamPump pump) {
        synchronized (pumps) {
            pumps.add(pump);
        }
    }

    public List<StreamPump> pumps() {
        synchronized (pumps) {
            return List.copyOf(pumps);
        }
    }

    /**
     * Starts the pumps, their ticks spread over their intervals (many streams never publish all at once), and
     * the periodic sweep (lag, idle and ping) on the executor.
     */
    public void start(ScheduledExecutorService executor) {
        List<StreamPump> all = pumps();
        for (int i = 0; i < all.size(); i++) {
            all.get(i).start(executor, i, all.size());
        }
        long period = connectionPolicy.sweepInterval().toMillis();
        sweeper = executor.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a new client, or returns empty when the server is closing or has as many connections as
     * allowed (the caller closes the transport with the matching reason).
     */
    public Optional<ClientConnection> connect(FrameTransport transport, OutboundCodec codec) {
        if (closing.get()) {
            return Optional.empty();
        }
        if (connectionCount.incrementAndGet() > connectionPolicy.maxConnections()) {
            connectionCount.decrementAndGet();
            return Optional.empty();
        }
        ClientConnection connection = new ClientConnection(transport, codec, clientLimits, clock, blockingSends,
                this::forget);
        connections.add(connection);
        if (closing.get()) {
            // close() may have taken its snapshot of connections before this one was added.
            connection.close(DisconnectReason.SERVER_SHUTDOWN);
            return Optional.empty();
        }
        return Optional.of(connection);
    }

    private void forget(ClientConnection connection, DisconnectReason reason) {
        if (connections.remove(connection)) {
            connectionCount.decrementAndGet();
            disconnects.get(reason).increment();
            droppedByClosedConnections.add(connection.droppedPoints());
        }
    }

    /** Counters for operators: connections closed by reason, points dropped and queued across clients. */
    public ClientStats clientStats() {
        long queued = 0;
        long dropped = droppedByClosedConnections.sum();
        for (ClientConnection connection : connections) {
            queued += connection.queuedPoints();
            dropped += connection.droppedPoints();
        }
        Map<DisconnectReason, Long> closed = new EnumMap<>(DisconnectReason.class);
        disconnects.forEach((reason, count) -> closed.put(reason, count.sum()));
        return new ClientStats(connectionCount.get(), queued, dropped, closed);
    }

    public int connectionCount() {
        return connectionCount.get();
    }

    public boolean isClosing() {
        return closing.get();
    }

    /**
     * Publishes a batch atomically to the named stream (created if allowed).
     *
     * @throws EngineClosedException when shutting down
     * @throws UnknownStreamException when the stream does not exist and may not be created
     * @throws StreamLimitException when creating it would exceed the limit
     */
    public CompletableFuture<PublishResult> publish(StreamId id, PointBatch batch) {
        if (closing.get()) {
            throw new EngineClosedException();
        }
        CompletableFuture<PublishResult> result = streams.forPublish(id).publish(batch);
        publishesInFlight.add(result);
        result.whenComplete((r, e) -> publishesInFlight.remove(result));
        return result;
    }

    /** One sweep: closes clients that lag or went silent, pings the idle ones. Public for tests. */
    public void sweep() {
        long now = clock.millis();
        for (ClientConnection connection : connections) {
            connection.sweep(now, connectionPolicy);
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A periodic task that throws is cancelled by its executor; log and keep sweeping.
            LOG.log(Level.ERROR, "Connection sweep failed; the next sweep will try again", e);
        }
    }

    /** Stops accepting, stops sources, lets publishes in flight finish, closes every client. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> sweep = sweeper;
        if (sweep != null) {
            sweep.cancel(false);
        }
        pumps().forEach(StreamPump::stop);
        awaitQuietly(CompletableFuture.allOf(publishesInFlight.toArray(new CompletableFuture<?>[0])),
                "publishes in flight");
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Stream stream : streams.all()) {
            closed.add(stream.disconnectAll(DisconnectReason.SERVER_SHUTDOWN));
        }
        awaitQuietly(CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0])), "streams to close");
        for (ClientConnection connection : List.copyOf(connections)) {
            connection.close(DisconnectReason.SERVER_SHUTDOWN);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, String what) {
        try {
            future.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "Shutdown: gave up waiting for {0} after {1} ms", what, DRAIN_TIMEOUT.toMillis());
        } catch (ExecutionException e) {
            // A failed publish has already been reported to its caller; shutdown only waits for it to end.
            LOG.log(Level.DEBUG, "Shutdown: {0} ended with {1}", what, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Shutdown: interrupted while waiting for {0}", what);
        }
    }
}
