package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One named stream: its history, its subscribers, and the single writer (a {@link SerialLane}) through which
 * every change passes. Publishing assigns consecutive sequence numbers, appends to history and hands the same
 * {@link PointChunk} to every subscriber; subscribing replays retained points and joins the live fan-out in
 * one lane task, so a resuming client sees no hole and no duplicate even while points are being published.
 *
 * <p>Thread-safe: public methods may be called from any thread; they run their work on the lane. Fields
 * without {@code volatile} are touched only on the lane.
 */
public final class Stream {
    private static final System.Logger LOG = System.getLogger(Stream.class.getName());
    private final StreamDescriptor descriptor;
    private final SerialLane lane;
    private final BlockHistory history;
    private final InstantSource clock;
    private final Ticker ticker;
    private final long maxFutureMillis;
    private final RateMeter rate = new RateMeter();
    private final List<Subscription> subscribers = new ArrayList<>();
    private Subscription[] fanout = new Subscription[0];
    private long lastSeq;
    private long lastTimestamp = Long.MIN_VALUE;
    private volatile StreamState state = new StreamState(0, 0, 0, 0, 0);
    private volatile boolean sourceFed;

    /**
     * @param clock the wall clock that stamps points and ages history
     * @param ticker the monotonic clock that rates are measured on
     * @param maxFutureMillis how far ahead of the clock a published timestamp may be
     */
    public Stream(StreamDescriptor descriptor, SerialLane lane, BlockHistory history, InstantSource clock,
                  Ticker ticker, long maxFutureMillis) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxFutureMillis = maxFutureMillis;
    }

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
     * Appends the batch atomically: either every point gets a sequence number or, when a timestamp goes back,
     * none does and the result fails with {@link TimestampOrderException}. The result may be withdrawn
     * ({@link PendingPublish#cancel}) until the lane starts it.
     *
     * @throws EngineClosedException when the lane's executor refuses work (the application is stopping);
     *                               nothing is applied then
     */
    public PendingPublish publish(PointBatch batch) {
        PendingPublish result = new PendingPublish();
        try {
            lane.execute(() -> {
                if (!result.start()) {
                    return; // withdrawn by a caller that stopped waiting: never applied
                }
                try {
                    result.complete(appendOnLane(batch));
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

    /** Appends one value stamped now; used by sources. Fire and forget. */
    public void publishNow(double value) {
        PointBatch batch = new PointBatch(new long[] {PointBatch.NOW}, new double[] {value});
        lane.execute(() -> appendOnLane(batch));
    }

    /**
     * Queues the subscribe reply, then replays what {@code resume} asks for, then adds the subscription to the
     * live fan-out; the result completes once that ran (or was skipped because the subscription had ended).
     */
    public CompletableFuture<Void> subscribe(Subscription subscription, Resume resume) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            try {
                subscribeOnLane(subscription, resume);
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    public void unsubscribe(Subscription subscription) {
        lane.execute(() -> {
            if (subscribers.remove(subscription)) {
                fanout = subscribers.toArray(new Subscription[0]);
                publishState();
            }
        });
    }

    /** Retained points with seq greater than {@code since}, at most {@code limit}. */
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

    private PublishResult appendOnLane(PointBatch batch) {
        long now = clock.millis();
        long[] timestamps = resolveTimestamps(batch, lastTimestamp, now, maxFutureMillis);
        double[] values = new double[batch.size()];
        long firstSeq = lastSeq + 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = batch.valueAt(i);
            history.append(firstSeq + i, timestamps[i], values[i]);
        }
        lastSeq = firstSeq + values.length - 1;
        lastTimestamp = timestamps[timestamps.length - 1];
        history.evictExpired(now);
        rate.record(ticker.nanos(), values.length);
        PointChunk chunk = new PointChunk(descriptor, firstSeq, timestamps, values);
        for (Subscription subscriber : fanout) {
            deliverSafely(subscriber, chunk);
        }
        publishState();
        return new PublishResult(descriptor, firstSeq, lastSeq);
    }

    /** One subscriber's failure must not keep the chunk (already in history) from the others. */
    private static void deliverSafely(Subscription subscriber, PointChunk chunk) {
        try {
            subscriber.deliver(chunk);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Delivering to a subscriber failed; closing its connection", e);
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
        boolean otherEpoch = resume.epoch().map(epoch -> !epoch.equals(descriptor.epoch())).orElse(false);
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
