package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One stream on this node: the applier of its log's entries, a cache of its recent points for replay, its
 * subscribers, and the single writer (a {@link SerialLane}) through which every change passes. Entries are
 * applied in seq order: appended to the cache and handed, as one {@link PointChunk}, to every subscriber.
 * Subscribing replays cached points and joins the live fan-out in one lane task, so a resuming client sees no
 * hole and no duplicate even while points are applied.
 *
 * <p>With the log in this node's memory ({@link InMemoryStreamLog}) the stream also assigns seqs itself, on its
 * lane ({@link #appendLocally}); with a shared log the entries come from following it ({@link #offer}), which may
 * announce a lost range ({@link #offerGap}) or a new epoch (an entry of another epoch).
 *
 * <p>Thread-safe: public methods may be called from any thread; they run their work on the lane. Fields
 * without {@code volatile} are touched only on the lane.
 */
public final class Stream {
    private static final System.Logger LOG = System.getLogger(Stream.class.getName());
    /** How long a subscribe waits for a followed stream's history before it goes ahead with what is cached. */
    private static final long READY_WAIT_SECONDS = 5;

    private final SerialLane lane;
    private final BlockHistory history;
    private final InstantSource clock;
    private final Ticker ticker;
    private final FanOutBatching fanOutBatching;
    private final long maxFutureMillis;
    private final RateMeter rate = new RateMeter();
    private final List<Subscription> subscribers = new ArrayList<>();
    private final CompletableFuture<Void> ready;
    private volatile StreamDescriptor descriptor;
    /** The label configuration gives the stream (its fields show where the stored label has none). */
    private final StreamLabel configuredLabel;
    /** The label publishes set, or the shared log holds. */
    private volatile StreamLabel storedLabel = StreamLabel.NONE;
    private Subscription[] fanout = new Subscription[0];
    private long lastSeq;
    private long lastTimestamp = Long.MIN_VALUE;
    /** Points applied since this node has the stream; written on the lane only. */
    private volatile long appliedPoints;
    private volatile StreamState state = new StreamState(0, 0, 0, 0, 0);
    private volatile boolean sourceFed;

    /**
     * @param clock the wall clock that stamps points and ages history
     * @param ticker the monotonic clock that rates are measured on
     * @param maxFutureMillis how far ahead of the clock a timestamp appended here may be
     * @param ready false for a stream fed by following a shared log: subscribes wait (a while) for its history
     */
    public Stream(StreamDescriptor descriptor, SerialLane lane, BlockHistory history, InstantSource clock,
                  Ticker ticker, long maxFutureMillis, boolean ready) {
        this(descriptor, lane, history, clock, ticker, maxFutureMillis, ready, FanOutBatching.none());
    }

    /** @param fanOutBatching how the send turns of one fan-out reach the send threads */
    public Stream(StreamDescriptor descriptor, SerialLane lane, BlockHistory history, InstantSource clock,
                  Ticker ticker, long maxFutureMillis, boolean ready, FanOutBatching fanOutBatching) {
        this.fanOutBatching = Objects.requireNonNull(fanOutBatching, "fanOutBatching");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.configuredLabel = descriptor.label();
        this.lane = Objects.requireNonNull(lane, "lane");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxFutureMillis = maxFutureMillis;
        this.ready = ready ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    }

    /** The stream's name, index, current epoch and base time. */
    public StreamDescriptor descriptor() {
        return descriptor;
    }

    public StreamId id() {
        return descriptor.id();
    }

    /** Marks the stream as fed by a source of this server (clients may then be refused publishing into it). */
    void markSourceFed() {
        sourceFed = true;
    }

    public boolean isSourceFed() {
        return sourceFed;
    }

    /** The latest snapshot of position and load; may lag the lane by one task. */
    public StreamState state() {
        StreamState current = state;
        return new StreamState(current.firstSeq(), current.lastSeq(), current.retained(),
                rate.perSecond(ticker.nanos()), current.subscribers());
    }

    /**
     * Assigns the next seqs and appends, in one lane task: the stream is its own log. Atomic: either every point
     * gets a seq or, when a timestamp goes back or lies too far ahead, none does and the result fails with
     * {@link TimestampOrderException}. The result may be withdrawn until the lane starts it.
     *
     * @throws EngineClosedException when the lane's executor refuses work; nothing is applied then
     */
    PendingPublish appendLocally(PointBatch batch) {
        return appendLocally(batch, StreamLabel.Change.NONE);
    }

    /** As {@link #appendLocally(PointBatch)}, changing the stream's label in the same step when it is accepted. */
    PendingPublish appendLocally(PointBatch batch, StreamLabel.Change label) {
        PendingPublish result = new PendingPublish();
        try {
            lane.execute(() -> {
                if (!result.start()) {
                    return; // withdrawn by a caller that stopped waiting: never applied
                }
                try {
                    PublishResult published = sequenceOnLane(batch);
                    relabelOnLane(label);
                    result.complete(published);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.cancel(false);
            throw new EngineClosedException();
        }
        return result;
    }

    /** Appends one value stamped now, assigning its seq here; used by sources. Fire and forget. */
    void appendLocallyNow(double value) {
        PointBatch batch = new PointBatch(new long[] {PointBatch.NOW}, new double[] {value});
        lane.execute(() -> sequenceOnLane(batch));
    }

    private PublishResult sequenceOnLane(PointBatch batch) {
        long now = clock.millis();
        long[] timestamps = resolveTimestamps(batch, lastTimestamp, now, maxFutureMillis);
        double[] values = new double[batch.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = batch.valueAt(i);
        }
        StreamDescriptor current = descriptor;
        LogEntry entry = new LogEntry(current.epoch(), lastSeq + 1, timestamps, values);
        applyOnLane(entry);
        return new PublishResult(current.id(), current.epoch(), entry.firstSeq(), entry.lastSeq());
    }

    /** The label publishes stored (without the configured one); may lag the lane by one task. */
    StreamLabel storedLabel() {
        return storedLabel;
    }

    /** Sets the label the shared log holds for the stream (configured fields show where it has none). */
    public void relabel(StreamLabel stored) {
        lane.execute(() -> {
            if (!stored.equals(storedLabel)) {
                storedLabel = stored;
                descriptor = descriptor.withLabel(storedLabel.orElse(configuredLabel));
            }
        });
    }

    private void relabelOnLane(StreamLabel.Change change) {
        if (!change.isEmpty()) {
            storedLabel = storedLabel.with(change);
            descriptor = descriptor.withLabel(storedLabel.orElse(configuredLabel));
        }
    }

    /** An entry from following a shared log, in seq order. */
    public void offer(LogEntry entry) {
        lane.execute(() -> applyFromLog(entry));
    }

    /**
     * Points {@code from..to} of the epoch are gone from the shared log (trimmed before this node read them):
     * subscribers are told, and the stream goes on after them.
     */
    public void offerGap(String epoch, long from, long to) {
        lane.execute(() -> {
            if (!epoch.equals(descriptor.epoch())) {
                startEpoch(epoch);
            }
            if (to <= lastSeq) {
                return;
            }
            long first = Math.max(from, lastSeq + 1);
            LOG.log(Level.WARNING, "Stream {0}: points {1}..{2} are gone from the log; subscribers get a gap",
                    id(), first, to);
            for (Subscription subscriber : fanout) {
                subscriber.gap(first, to, GapReason.HISTORY);
            }
            history.clear();
            lastSeq = to;
            publishState();
        });
    }

    /** The followed stream's history is in: subscribes waiting for it go ahead. */
    public void markReady() {
        ready.complete(null);
    }

    public boolean isReady() {
        return ready.isDone();
    }

    private void applyFromLog(LogEntry entry) {
        if (!entry.epoch().equals(descriptor.epoch())) {
            startEpoch(entry.epoch());
        }
        if (entry.lastSeq() <= lastSeq) {
            return; // already applied
        }
        if (entry.firstSeq() > lastSeq + 1 && lastSeq > 0) {
            LOG.log(Level.WARNING, "Stream {0}: the log skipped {1}..{2}; subscribers get a gap", id(), lastSeq + 1,
                    entry.firstSeq() - 1);
            for (Subscription subscriber : fanout) {
                subscriber.gap(lastSeq + 1, entry.firstSeq() - 1, GapReason.HISTORY);
            }
            history.clear();
        }
        applyOnLane(entry);
    }

    /** A new life of the stream's history: the cache is dropped and every subscriber told to start again. */
    private void startEpoch(String epoch) {
        StreamDescriptor previous = descriptor;
        descriptor = previous.withEpoch(epoch);
        LOG.log(Level.WARNING, "Stream {0}: the log started a new epoch {1} (was {2}); subscribers get a reset",
                id(), epoch, previous.epoch());
        history.clear();
        lastSeq = 0;
        lastTimestamp = Long.MIN_VALUE;
        for (Subscription subscriber : fanout) {
            subscriber.reset(previous.epoch());
        }
        publishState();
    }

    /** Applies the points of the entry after {@code lastSeq}: cache, fan-out, state. */
    private void applyOnLane(LogEntry entry) {
        PointChunk chunk = entry.chunkFrom(descriptor, lastSeq + 1);
        if (!history.isEmpty() && history.lastSeq() != chunk.firstSeq() - 1) {
            history.clear();
        }
        for (int i = 0; i < chunk.size(); i++) {
            history.append(chunk.firstSeq() + i, chunk.timestampAt(i), chunk.valueAt(i));
        }
        lastSeq = chunk.lastSeq();
        lastTimestamp = Math.max(lastTimestamp, chunk.timestampAt(chunk.size() - 1));
        history.evictExpired(clock.millis());
        long appliedNanos = ticker.nanos();
        rate.record(appliedNanos, chunk.size());
        appliedPoints += chunk.size(); // only the lane writes it
        fanOutBatching.together(() -> {
            for (Subscription subscriber : fanout) {
                deliverSafely(subscriber, chunk, appliedNanos);
            }
        });
        publishState();
    }

    /** Points applied (appended and fanned out) since this node has the stream, whoever published them. */
    public long appliedPoints() {
        return appliedPoints;
    }

    /** Tasks waiting on the stream's lane (publishes, subscribes, reads); counting them walks the queue. */
    public int laneBacklog() {
        return lane.backlog();
    }

    /** One subscriber's failure must not keep the chunk (already in history) from the others. */
    private static void deliverSafely(Subscription subscriber, PointChunk chunk, long appliedNanos) {
        try {
            subscriber.deliver(chunk, appliedNanos);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering to a subscriber failed; closing its connection", e);
            subscriber.connection().close(DisconnectReason.SEND_FAILED);
        }
    }

    /**
     * Fills in "now" timestamps and checks that none goes back from {@code previous} nor lies more than
     * {@code maxFutureMillis} ahead of {@code now}, before anything is appended.
     *
     * @throws TimestampOrderException naming the first offending point
     */
    static long[] resolveTimestamps(PointBatch batch, long previous, long now, long maxFutureMillis) {
        long[] timestamps = new long[batch.size()];
        long last = previous;
        for (int i = 0; i < timestamps.length; i++) {
            long ts = batch.timestampAt(i);
            if (ts == PointBatch.NOW) {
                ts = Math.max(now, last);
            } else if (ts < last) {
                throw new TimestampOrderException(i, ts, last);
            } else if (ts > now + maxFutureMillis) {
                throw new TimestampOrderException(i, ts, now, maxFutureMillis);
            }
            timestamps[i] = ts;
            last = ts;
        }
        return timestamps;
    }

    /**
     * Queues the subscribe reply, then replays what {@code resume} asks for, then adds the subscription to the
     * live fan-out; the result completes once that ran (or was skipped because the subscription had ended). A
     * followed stream first waits for its history (at most a few seconds).
     */
    public CompletableFuture<Void> subscribe(Subscription subscription, Resume resume) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable onLane = () -> lane.execute(() -> {
            try {
                subscribeOnLane(subscription, resume);
            } finally {
                done.complete(null);
            }
        });
        if (ready.isDone()) {
            onLane.run();
        } else {
            ready.copy().completeOnTimeout(null, READY_WAIT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((ignored, failure) -> runOrFail(onLane, done));
        }
        return done;
    }

    private static void runOrFail(Runnable task, CompletableFuture<?> done) {
        try {
            task.run();
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    public void unsubscribe(Subscription subscription) {
        lane.execute(() -> {
            if (subscribers.remove(subscription)) {
                fanout = subscribers.toArray(new Subscription[0]);
                publishState();
            }
        });
    }

    /** Cached points with seq greater than {@code since}, at most {@code limit}. */
    public CompletableFuture<List<Point>> read(long since, int limit) {
        CompletableFuture<List<Point>> result = new CompletableFuture<>();
        lane.execute(() -> {
            history.evictExpired(clock.millis());
            List<Point> points = new ArrayList<>();
            if (since < lastSeq) {
                for (PointChunk chunk : history.chunksFrom(descriptor, since + 1, limit)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        points.add(chunk.pointAt(i));
                    }
                }
            }
            result.complete(points);
        });
        return result;
    }

    /**
     * The retained points with a timestamp from {@code fromMillis} to {@code toMillis} (both inclusive) as an M4
     * aggregate of {@code buckets} equal buckets; empty when none is retained there. A followed stream first waits
     * for its history (at most a few seconds), as a subscribe does.
     */
    public CompletableFuture<Optional<PointAggregate>> aggregate(long fromMillis, long toMillis, int buckets) {
        CompletableFuture<Optional<PointAggregate>> result = new CompletableFuture<>();
        Runnable onLane = () -> lane.execute(() -> {
            try {
                history.evictExpired(clock.millis());
                result.complete(history.aggregate(descriptor, fromMillis, toMillis, buckets, AggregateReason.BACKFILL));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (ready.isDone()) {
            onLane.run();
        } else {
            ready.copy().completeOnTimeout(null, READY_WAIT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((ignored, failure) -> runOrFail(onLane, result));
        }
        return result;
    }

    /** A subscribe's backfill: from its start to now (or the newest point, if later), up to the last point. */
    private Optional<PointAggregate> backfillOnLane(Backfill backfill) {
        long to = Math.max(clock.millis(), lastTimestamp);
        return history.aggregate(descriptor, backfill.fromMillis(), Math.max(to, backfill.fromMillis() + 1),
                backfill.buckets(), AggregateReason.BACKFILL);
    }

    private void subscribeOnLane(Subscription subscription, Resume resume) {
        if (!subscription.isActive() || subscription.connection().isClosed()) {
            return;
        }
        history.evictExpired(clock.millis());
        subscription.subscribed(currentState());
        long replayFrom = replayStart(subscription, resume);
        if (replayFrom > 0) {
            subscription.replay(history.chunksFrom(descriptor, replayFrom, Integer.MAX_VALUE));
        }
        resume.backfill().flatMap(this::backfillOnLane).ifPresent(subscription::backfill);
        subscribers.add(subscription);
        fanout = subscribers.toArray(new Subscription[0]);
        publishState();
    }

    /** The first seq to replay (0 for none), after telling the subscription about a reset or a gap. */
    private long replayStart(Subscription subscription, Resume resume) {
        if (resume.since().isEmpty()) {
            return 0;
        }
        long since = resume.since().getAsLong();
        StreamDescriptor current = descriptor;
        boolean otherEpoch = resume.epoch().map(epoch -> !epoch.equals(current.epoch())).orElse(false);
        if (otherEpoch || since > lastSeq) {
            subscription.reset(resume.epoch().orElse(""));
            return 1;
        }
        long wanted = since + 1;
        long firstRetained = history.isEmpty() ? lastSeq + 1 : history.firstSeq();
        if (wanted < firstRetained) {
            subscription.gap(wanted, firstRetained - 1, GapReason.HISTORY);
            return firstRetained;
        }
        return wanted;
    }

    private StreamState currentState() {
        return new StreamState(history.isEmpty() ? 0 : history.firstSeq(), lastSeq, history.size(),
                0, subscribers.size());
    }

    private void publishState() {
        state = currentState();
    }
}
