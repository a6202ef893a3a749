package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
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
import java.util.stream.LongStream;

/**
 * The engine's root: the streams, the sources that feed some of them, the connected clients, and the
 * lifecycle. Publishing and connecting go through here so that limits hold and shutdown is orderly: stop
 * accepting, stop sources, let accepted publishes complete, let every client receive what was queued for it,
 * then close it with "going away".
 *
 * <p>Thread-safe.
 */
public final class Hub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Hub.class.getName());
    /** How long shutdown waits for accepted publishes. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long shutdown waits for clients to receive what was queued for them before closing them anyway. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private final StreamRegistry streams;
    private final StreamLog log;
    private final SourceLeases leases;
    private final ClientLimits clientLimits;
    private final ConnectionPolicy connectionPolicy;
    private final InstantSource clock;
    private final Ticker ticker;
    private final Executor blockingSends;
    private final List<StreamPump> pumps = new ArrayList<>();
    private final Set<StreamId> sourceStreams = ConcurrentHashMap.newKeySet();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> publishesInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    /** Open connections by wire mode, kept as they open and close so that reading them walks no connection. */
    private final Map<String, AtomicInteger> openByMode = new ConcurrentHashMap<>();
    private final LongAdder discardedByClosedConnections = new LongAdder();
    /** Slow-consumer closes kept for operators. */
    static final int RECENT_SLOW_CLOSES = 50;
    private final RecentCloses recentSlowCloses = new RecentCloses(RECENT_SLOW_CLOSES);
    private final EngineMetrics metrics;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile ScheduledFuture<?> sweeper;
    private volatile long lastSweepNanos;
    private volatile boolean swept;

    /**
     * @param log where the streams' points are ordered and kept
     * @param leases which sources may publish from this node
     * @param clock the wall clock (stamps points, ages history)
     * @param ticker the monotonic clock every duration is measured on
     * @param blockingSends where the sends of blocking transports run (see {@link FrameTransport})
     */
    public Hub(StreamRegistry streams, StreamLog log, SourceLeases leases, ClientLimits clientLimits,
               ConnectionPolicy connectionPolicy, InstantSource clock, Ticker ticker, Executor blockingSends) {
        this(streams, log, leases, clientLimits, connectionPolicy, clock, ticker, blockingSends,
                EngineMetrics.recording());
    }

    /** As above, with the operators' counters given (recording, or off so that nothing is counted per frame). */
    public Hub(StreamRegistry streams, StreamLog log, SourceLeases leases, ClientLimits clientLimits,
               ConnectionPolicy connectionPolicy, InstantSource clock, Ticker ticker, Executor blockingSends,
               EngineMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.log = Objects.requireNonNull(log, "log");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clientLimits = Objects.requireNonNull(clientLimits, "clientLimits");
        this.connectionPolicy = Objects.requireNonNull(connectionPolicy, "connectionPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
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

    public InstantSource clock() {
        return clock;
    }

    public Ticker ticker() {
        return ticker;
    }

    public StreamLog log() {
        return log;
    }

    public SourceLeases leases() {
        return leases;
    }

    /** Adds a source-driven stream (clients may not publish into it unless allowed); started by {@link #start}. */
    public void addPump(StreamPump pump) {
        sourceStreams.add(pump.stream());
        synchronized (pumps) {
            pumps.add(pump);
        }
    }

    /** Whether a source of this node (and of every node, configured alike) feeds the stream. */
    public boolean isSourceFed(StreamId id) {
        return sourceStreams.contains(id);
    }

    /**
     * The local stream for a name: the one this node has, or, when the shared log has the stream, a new local
     * stream that follows it; empty when no stream has the name.
     */
    public CompletableFuture<Optional<Stream>> lookup(StreamId id) {
        Optional<Stream> local = streams.find(id);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(local);
        }
        return log.meta(id).thenApply(meta -> meta.map(found -> streams.follow(found, log)));
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
        for (StreamPump pump : all) {
            log.create(pump.stream()).exceptionally(failure -> {
                LOG.log(Level.WARNING, "Creating source stream {0} failed (its first point will): {1}",
                        pump.stream(), failure.toString());
                return null;
            });
        }
        leases.start(all.stream().map(StreamPump::stream).toList(), executor, this::continueSource);
        for (int i = 0; i < all.size(); i++) {
            all.get(i).start(executor, i, all.size());
        }
        long period = connectionPolicy.sweepInterval().toMillis();
        sweeper = executor.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a new client, or returns empty when the server is closing or has as many connections as
     * allowed (the caller closes the transport with the matching reason; a refusal for the limit is counted).
     */
    public Optional<ClientConnection> connect(FrameTransport transport, OutboundCodec codec) {
        if (closing.get()) {
            return Optional.empty();
        }
        if (connectionCount.incrementAndGet() > connectionPolicy.maxConnections()) {
            connectionCount.decrementAndGet();
            disconnects.get(DisconnectReason.TOO_MANY_CONNECTIONS).increment();
            return Optional.empty();
        }
        ClientConnection connection = new ClientConnection(transport, codec, clientLimits, ticker, blockingSends,
                this::forget, metrics);
        openByMode.computeIfAbsent(connection.mode(), mode -> new AtomicInteger()).incrementAndGet();
        connections.add(connection);
        if (closing.get()) {
            // close() may have taken its snapshot of connections before this one was added.
            connection.close(DisconnectReason.SERVER_SHUTDOWN);
            return Optional.empty();
        }
        return Optional.of(connection);
    }

    /** This node took a source's lease over: its pump continues the stream from the log's last point. */
    private void continueSource(StreamId id) {
        log.meta(id).thenCompose(meta -> meta.isEmpty() || meta.get().lastSeq() == 0
                ? CompletableFuture.completedFuture(List.<LogEntry>of())
                : log.read(id, meta.get().lastSeq(), 1)).whenComplete((entries, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "Reading where source stream {0} stands failed: {1}", id, failure);
                        return;
                    }
                    if (!entries.isEmpty()) {
                        LogEntry last = entries.get(entries.size() - 1);
                        pumps().stream().filter(p -> p.stream().equals(id)).forEach(p -> p.continueAfter(
                                last.lastSeq(), last.valueAt(last.size() - 1)));
                    }
                });
    }

    private void forget(ClientConnection connection, DisconnectReason reason) {
        if (connections.remove(connection)) {
            connectionCount.decrementAndGet();
            openByMode.get(connection.mode()).decrementAndGet();
            disconnects.get(reason).increment();
            discardedByClosedConnections.add(connection.discardedOnClose());
            if (reason == DisconnectReason.SLOW_CONSUMER) {
                recentSlowCloses.add(connection.closedView(clock.millis(), reason));
            }
        }
    }

    /** The operators' counters the engine keeps. */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** Every open connection as operators see it, in no particular order. */
    public List<ConnectionView> connectionViews() {
        List<ConnectionView> views = new ArrayList<>();
        for (ClientConnection connection : connections) {
            views.add(connection.view());
        }
        return views;
    }

    /** Open connections by wire mode (a mode that had connections stays, with 0). */
    public Map<String, Integer> connectionsByMode() {
        Map<String, Integer> byMode = new TreeMap<>();
        openByMode.forEach((mode, open) -> byMode.put(mode, open.get()));
        return byMode;
    }

    /** The last {@value #RECENT_SLOW_CLOSES} connections closed as too slow, newest first. */
    public List<ClosedConnection> recentSlowCloses() {
        return recentSlowCloses.newestFirst();
    }

    /** Live points still queued for clients when they closed, since start: they were never sent. */
    public long discardedOnClose() {
        return discardedByClosedConnections.sum();
    }

    /**
     * Counters for operators: connections closed by reason, points dropped and queued across clients, and what
     * each client's queue holds; one pass over the open connections, one lock of each queue.
     */
    public ClientStats clientStats() {
        List<QueueLevel> levels = connections.stream().map(ClientConnection::queueLevel).toList();
        long[] perClient = levels.stream().mapToLong(QueueLevel::bytes).toArray();
        long queuedPoints = levels.stream().mapToLong(QueueLevel::points).sum();
        Map<DisconnectReason, Long> closed = new EnumMap<>(DisconnectReason.class);
        disconnects.forEach((reason, count) -> closed.put(reason, count.sum()));
        return new ClientStats(connectionCount.get(), queuedPoints, LongStream.of(perClient).sum(),
                metrics.droppedPoints(), metrics.coalescedReplies(), closed, perClient);
    }

    public int connectionCount() {
        return connectionCount.get();
    }

    public boolean isClosing() {
        return closing.get();
    }

    /** As {@link #publish(StreamId, PointBatch, Optional)} without an idempotency key. */
    public PendingPublish publish(StreamId id, PointBatch batch) {
        return publish(id, batch, Optional.empty());
    }

    /**
     * Publishes a batch atomically to the named stream through the log. An unknown stream is created (if allowed)
     * only for a batch that it would accept, so a refused request never creates a stream.
     *
     * @param idempotencyKey a retry with the same key within the log's window applies nothing twice
     * @return the outcome; it fails with {@link TimestampOrderException} when a timestamp goes back or lies
     *         too far ahead, {@link UnknownStreamException}, {@link StreamLimitException} or
     *         {@link LogUnavailableException} (nothing applied), and may be withdrawn with
     *         {@link PendingPublish#cancel} until the log starts it
     * @throws EngineClosedException when shutting down
     * @throws SourceFedStreamException when a source of this server feeds the stream and that is not allowed
     */
    public PendingPublish publish(StreamId id, PointBatch batch, Optional<String> idempotencyKey) {
        return publish(id, batch, idempotencyKey, StreamLabel.Change.NONE);
    }

    /**
     * As {@link #publish(StreamId, PointBatch, Optional)}, changing the fields of the stream's display name and
     * unit that {@code label} gives, in the same atomic step.
     */
    public PendingPublish publish(StreamId id, PointBatch batch, Optional<String> idempotencyKey,
                                  StreamLabel.Change label) {
        CompletableFuture<Void> admission = new CompletableFuture<>();
        publishesInFlight.add(admission); // before the check, so that close() waits for whoever passes it
        try {
            if (closing.get()) {
                throw new EngineClosedException();
            }
            if (isSourceFed(id) && !streams.limits().publishToSources()) {
                throw new SourceFedStreamException(id);
            }
            PendingPublish result = log.append(id, batch, idempotencyKey, label);
            result.whenComplete((r, e) -> finishAdmission(admission));
            return result;
        } catch (RuntimeException e) {
            finishAdmission(admission);
            throw e;
        }
    }

    private void finishAdmission(CompletableFuture<Void> admission) {
        publishesInFlight.remove(admission);
        admission.complete(null);
    }

    /** One sweep: closes clients that lag or went silent, pings the quiet ones. Public for tests. */
    public void sweep() {
        long now = ticker.nanos();
        for (ClientConnection connection : connections) {
            try {
                connection.sweep(now, connectionPolicy);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "Sweeping a connection failed; closing it", e);
                connection.close(DisconnectReason.SEND_FAILED);
            }
        }
        lastSweepNanos = now;
        swept = true;
    }

    /** How often the sweep runs. */
    public Duration sweepInterval() {
        return connectionPolicy.sweepInterval();
    }

    /** Nanoseconds since the last sweep finished (on the monotonic ticker), or empty before the first. */
    public OptionalLong nanosSinceLastSweep() {
        return swept ? OptionalLong.of(ticker.nanos() - lastSweepNanos) : OptionalLong.empty();
    }

    /**
     * The sweep's periodic task. Never throws anything but a {@link VirtualMachineError}: a periodic task that
     * throws is cancelled by its executor, which would stop every lag, idle and ping check.
     */
    private void sweepSafely() {
        try {
            sweep();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Connection sweep failed; the next sweep will try again", e);
        }
    }

    /**
     * Stops accepting, stops sources and the sweep, lets accepted publishes finish (up to
     * {@link #DRAIN_TIMEOUT}), lets every client receive what was queued for it (up to {@link #FLUSH_TIMEOUT}),
     * then closes every client with "going away". Idempotent.
     */
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
        leases.close();
        awaitQuietly(publishesInFlight.toArray(new CompletableFuture<?>[0]), DRAIN_TIMEOUT, "publishes in flight");
        List<CompletableFuture<?>> flushed = new ArrayList<>();
        for (ClientConnection connection : List.copyOf(connections)) {
            connection.finish(DisconnectReason.SERVER_SHUTDOWN);
            flushed.add(connection.closedFuture());
        }
        awaitQuietly(flushed.toArray(new CompletableFuture<?>[0]), FLUSH_TIMEOUT, "clients to receive their queues");
        for (ClientConnection connection : List.copyOf(connections)) {
            connection.close(DisconnectReason.SERVER_SHUTDOWN);
        }
    }

    private static void awaitQuietly(CompletableFuture<?>[] futures, Duration timeout, String what) {
        try {
            CompletableFuture.allOf(futures).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "Shutdown: gave up waiting for {0} after {1} ms", what, timeout.toMillis());
        } catch (ExecutionException e) {
            // A failed publish has already been reported to its caller; shutdown only waits for it to end.
            LOG.log(Level.DEBUG, "Shutdown: {0} ended with {1}", what, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Shutdown: interrupted while waiting for {0}", what);
        }
    }
}
