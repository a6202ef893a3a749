package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The streams of this node, by name. Creates each stream with a fresh epoch, its own lane on the shared
 * executor and its own history.
 *
 * <p>Thread-safe. Creation is atomic per name; the stream count never exceeds {@link StreamLimits#maxStreams()}.
 */
public final class StreamRegistry {
    private final StreamLimits limits;
    private final Executor executor;
    private final InstantSource clock;
    private final Ticker ticker;
    private final Supplier<String> epochs;
    private final ConcurrentHashMap<StreamId, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final Object creationLock = new Object();

    public StreamRegistry(StreamLimits limits, Executor executor, InstantSource clock, Ticker ticker,
                          Supplier<String> epochs) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.epochs = Objects.requireNonNull(epochs, "epochs");
    }

    public StreamLimits limits() {
        return limits;
    }

    public Optional<Stream> find(StreamId id) {
        return Optional.ofNullable(streams.get(id));
    }

    /** The stream, created if missing (within the stream limit). */
    public Stream getOrCreate(StreamId id) {
        Stream existing = streams.get(id);
        if (existing != null) {
            return existing;
        }
        synchronized (creationLock) {
            existing = streams.get(id);
            if (existing != null) {
                return existing;
            }
            if (streams.size() >= limits.maxStreams()) {
                throw new StreamLimitException(id, limits.maxStreams());
            }
            StreamDescriptor descriptor = new StreamDescriptor(id, nextIndex.getAndIncrement(), epochs.get(),
                    clock.millis());
            Stream stream = new Stream(descriptor, new SerialLane("stream " + id, executor),
                    new BlockHistory(limits.historyPoints(), limits.historyAgeMillis()), clock, ticker,
                    limits.maxFutureMillis());
            streams.put(id, stream);
            return stream;
        }
    }

    /**
     * The stream to publish to: existing, or created when {@link StreamLimits#createOnPublish()} allows.
     *
     * @throws UnknownStreamException when it does not exist and may not be created
     * @throws StreamLimitException when creating it would exceed the limit
     */
    public Stream forPublish(StreamId id) {
        if (!limits.createOnPublish()) {
            return find(id).orElseThrow(() -> new UnknownStreamException(id));
        }
        return getOrCreate(id);
    }

    /** All streams, by name. */
    public List<Stream> all() {
        return streams.values().stream().sorted(Comparator.comparing(s -> s.id().name())).toList();
    }
}
