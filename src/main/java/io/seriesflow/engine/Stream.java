package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
    private final RingHistory history;
    private final InstantSource clock;
    private final int replayChunkPoints;
    private final long maxFutureMillis;
    private final RateMeter rate = new RateMeter();
    private final List<Subscription> subscribers = new ArrayList<>();
    private Subscription[] fanout = new Subscription[0];
    private long lastSeq;
    private long lastTimestamp = Long.MIN_VALUE;
    private volatile StreamState state = new StreamState(0, 0, 0, 0, 0);

    /**
     * @param replayChunkPoints points per chunk when history is replayed
     * @param maxFutureMillis how far ahead of the clock a published timestamp may be
     */
    public Stream(StreamDescriptor descriptor, SerialLane lane, RingHistory history, InstantSource clock,
                  int replayChunkPoints, long maxFutureMillis) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replayChunkPoints = replayChunkPoints;
        this.maxFutureMillis = maxFutureMillis;
    }

    public StreamDescriptor descriptor() {
        return descriptor;
    }

    public StreamId id() {
        return descriptor.id();
    }

    /** The latest snapshot of position and load; may lag the lane by one task. */
    public StreamState state() {
        StreamState current = state;
        return new StreamState(current.firstSeq(), current.lastSeq(), current.retained(),
                rate.perSecond(clock.millis()), current.subscribers());
    }

    /**
     * Appends the batch atomically: either every point gets a sequence number or, when a timestamp goes back,
     * none does and the future fails with {@link TimestampOrderException}.
     */
    public CompletableFuture<PublishResult> publish(PointBatch batch) {
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        lane.execute(() -> {
            try {
                result.complete(appendOnLane(batch));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Appends one value stamped now; used by sources. Fire and forget. */
    public void publishNow(double value) {
        PointBatch batch = new PointBatch(new long[] {PointBatch.NOW}, new double[] {value});
        lane.execute(() -> appendOnLane(batch));
    }

    /** Replays what {@code resume} asks for, then adds the subscription to the live fan-out. */
    public void subscribe(Subscription subscription, Resume resume) {
        lane.execute(() -> subscribeOnLane(subscription, resume));
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
            if (since >= lastSeq) {
                result.complete(points);
                return;
            }
            for (PointChunk chunk : history.chunksFrom(descriptor, since + 1, limit, replayChunkPoints)) {
                for (int i = 0; i < chunk.size(); i++) {
                    points.add(chunk.pointAt(i));
                }
            }
            result.complete(points);
        });
        return result;
    }

    private PublishResult appendOnLane(PointBatch batch) {
        long now = clock.millis();
        long[] timestamps = resolveTimestamps(batch, now);
        double[] values = new double[batch.size()];
        long firstSeq = lastSeq + 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = batch.valueAt(i);
            history.append(firstSeq + i, timestamps[i], values[i]);
        }
        lastSeq = firstSeq + values.length - 1;
        lastTimestamp = timestamps[timestamps.length - 1];
        history.evictExpired(now);
        rate.record(now, values.length);
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

    /** Fills in "now" timestamps and checks that none goes back, before anything is appended. */
    private long[] resolveTimestamps(PointBatch batch, long now) {
        long[] timestamps = new long[batch.size()];
        long previous = lastTimestamp;
        for (int i = 0; i < timestamps.length; i++) {
            long ts = batch.timestampAt(i);
            if (ts == PointBatch.NOW) {
                ts = Math.max(now, previous);
            } else if (ts < previous) {
                throw new TimestampOrderException(i, ts, previous);
            } else if (ts > now + maxFutureMillis) {
                throw new TimestampOrderException(i, ts, now, maxFutureMillis);
            }
            timestamps[i] = ts;
            previous = ts;
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
            for (PointChunk chunk : history.chunksFrom(descriptor, replayFrom, Integer.MAX_VALUE,
                    replayChunkPoints)) {
                subscription.deliver(chunk);
            }
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

    /** Closes every subscriber's connection; runs on the lane after work queued before it. */
    public CompletableFuture<Void> disconnectAll(DisconnectReason reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            for (Subscription subscriber : fanout) {
                subscriber.connection().close(reason);
            }
            subscribers.clear();
            fanout = new Subscription[0];
            publishState();
            done.complete(null);
        });
        return done;
    }
}
