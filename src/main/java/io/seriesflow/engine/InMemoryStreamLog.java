package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The log kept in this node's memory: each {@link Stream} of the registry is its own log, assigning seqs on its
 * lane and keeping its history in its cache, so an append and its fan-out are one lane task. Epochs are new on
 * every start. Idempotency keys are remembered in a bounded window.
 *
 * <p>Thread-safe.
 */
public final class InMemoryStreamLog implements StreamLog {
    private final StreamRegistry streams;
    private final InstantSource clock;
    private final IdempotencyWindow idempotency;

    /**
     * @param idempotencyCapacity idempotency keys remembered at most (the oldest are forgotten first)
     * @param idempotencyWindowMillis how long a key is remembered
     */
    public InMemoryStreamLog(StreamRegistry streams, InstantSource clock, Ticker ticker, int idempotencyCapacity,
                             long idempotencyWindowMillis) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idempotency = new IdempotencyWindow(idempotencyCapacity, idempotencyWindowMillis, ticker);
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public PendingPublish append(StreamId id, PointBatch batch, Optional<String> idempotencyKey,
                                 StreamLabel.Change label) {
        if (idempotencyKey.isPresent()) {
            return idempotency.publishOnce(id, idempotencyKey.get(), () -> appendOnce(id, batch, label));
        }
        return appendOnce(id, batch, label);
    }

    private PendingPublish appendOnce(StreamId id, PointBatch batch, StreamLabel.Change label) {
        Optional<Stream> existing = streams.find(id);
        if (existing.isEmpty()) {
            if (!streams.limits().createOnPublish()) {
                return PendingPublish.failed(new UnknownStreamException(id));
            }
            try {
                // A new stream has no previous point: the batch alone decides whether it is accepted, so a refused
                // publish never creates a stream.
                Stream.resolveTimestamps(batch, Long.MIN_VALUE, clock.millis(), streams.limits().maxFutureMillis());
                return streams.getOrCreate(id).appendLocally(batch, label);
            } catch (TimestampOrderException | StreamLimitException e) {
                return PendingPublish.failed(e);
            }
        }
        return existing.get().appendLocally(batch, label);
    }

    @Override
    public CompletableFuture<List<LogEntry>> read(StreamId id, long fromSeq, int maxPoints) {
        Optional<Stream> stream = streams.find(id);
        if (stream.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String epoch = stream.get().descriptor().epoch();
        return stream.get().read(fromSeq - 1, maxPoints).thenApply(points -> {
            List<LogEntry> entries = new ArrayList<>(1);
            if (!points.isEmpty()) {
                long[] timestamps = new long[points.size()];
                double[] values = new double[points.size()];
                for (int i = 0; i < values.length; i++) {
                    timestamps[i] = points.get(i).timestamp();
                    values[i] = points.get(i).value();
                }
                entries.add(new LogEntry(epoch, points.get(0).seq(), timestamps, values));
            }
            return entries;
        });
    }

    @Override
    public CompletableFuture<Optional<LogMeta>> meta(StreamId id) {
        return CompletableFuture.completedFuture(streams.find(id).map(InMemoryStreamLog::meta));
    }

    @Override
    public CompletableFuture<List<LogMeta>> list() {
        return CompletableFuture.completedFuture(streams.all().stream().map(InMemoryStreamLog::meta).toList());
    }

    private static LogMeta meta(Stream stream) {
        StreamDescriptor descriptor = stream.descriptor();
        StreamState state = stream.state();
        return new LogMeta(descriptor.id(), descriptor.epoch(), state.firstSeq(), state.lastSeq(),
                descriptor.baseTime(), stream.storedLabel());
    }

    @Override
    public CompletableFuture<LogMeta> create(StreamId id) {
        return CompletableFuture.completedFuture(meta(streams.getOrCreate(id)));
    }

    @Override
    public void appendFromSource(StreamId id, double value) {
        streams.getOrCreate(id).appendLocallyNow(value);
    }

    @Override
    public void follow(Stream stream) {
        // The node's streams are the log itself: nothing to follow.
    }

    @Override
    public void unfollow(Stream stream) {
        // See follow.
    }

    @Override
    public LogHealth health() {
        return new LogHealth(true, "");
    }

    @Override
    public void close() {
        // Nothing held outside the streams, which the hub closes.
    }
}
