package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The streams of this node, by name: each with its own lane on the shared executor and its own cache. A stream
 * is either its own log (a fresh epoch, see {@link InMemoryStreamLog}) or follows a shared log's stream.
 *
 * <p>Thread-safe. Creation is atomic per name; the stream count never exceeds {@link StreamLimits#maxStreams()}.
 */
public final class StreamRegistry {
    private final StreamLimits limits;
    private final Executor executor;
    private final InstantSource clock;
    private final Ticker ticker;
    private final Supplier<String> epochs;
    private final Map<StreamId, StreamLabel> configuredLabels;
    private final FanOutBatching fanOutBatching;
    private final ConcurrentHashMap<StreamId, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final Object creationLock = new Object();

    public StreamRegistry(StreamLimits limits, Executor executor, InstantSource clock, Ticker ticker,
                          Supplier<String> epochs) {
        this(limits, executor, clock, ticker, epochs, Map.of());
    }

    /** @param configuredLabels display names and units from configuration, shown where publishes stored none */
    public StreamRegistry(StreamLimits limits, Executor executor, InstantSource clock, Ticker ticker,
                          Supplier<String> epochs, Map<StreamId, StreamLabel> configuredLabels) {
        this(limits, executor, clock, ticker, epochs, configuredLabels, FanOutBatching.none());
    }

    /** @param fanOutBatching how the send turns of a stream's fan-out reach the send threads */
    public StreamRegistry(StreamLimits limits, Executor executor, InstantSource clock, Ticker ticker,
                          Supplier<String> epochs, Map<StreamId, StreamLabel> configuredLabels,
                          FanOutBatching fanOutBatching) {
        this.fanOutBatching = Objects.requireNonNull(fanOutBatching, "fanOutBatching");
        this.configuredLabels = Map.copyOf(configuredLabels);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.epochs = Objects.requireNonNull(epochs, "epochs");
    }

    public StreamLimits limits() {
        return limits;
    }

    /** The label configuration gives the stream (none when it gives none). */
    public StreamLabel configuredLabel(StreamId id) {
        return configuredLabels.getOrDefault(id, StreamLabel.NONE);
    }

    public Optional<Stream> find(StreamId id) {
        return Optional.ofNullable(streams.get(id));
    }

    /** The stream, created if missing (within the stream limit) as its own log: a new epoch, ready at once. */
    public Stream getOrCreate(StreamId id) {
        Stream existing = streams.get(id);
        return existing != null ? existing : create(id, epochs.get(), clock.millis(), true);
    }

    /**
     * The local stream that follows a shared log's stream, created (not ready until the log has fed it its
     * history) and handed to the log to follow when missing.
     */
    public Stream follow(LogMeta meta, StreamLog log) {
        Stream existing = streams.get(meta.stream());
        if (existing != null) {
            return existing;
        }
        Stream created;
        synchronized (creationLock) {
            existing = streams.get(meta.stream());
            if (existing != null) {
                return existing;
            }
            created = create(meta.stream(), meta.epoch(), meta.baseTime(), false);
        }
        created.relabel(meta.label());
        log.follow(created);
        return created;
    }

    private Stream create(StreamId id, String epoch, long baseTime, boolean ready) {
        synchronized (creationLock) {
            Stream existing = streams.get(id);
            if (existing != null) {
                return existing;
            }
            if (streams.size() >= limits.maxStreams()) {
                throw new StreamLimitException(id, limits.maxStreams());
            }
            StreamDescriptor descriptor = new StreamDescriptor(id, nextIndex.getAndIncrement(), epoch, baseTime,
                    configuredLabel(id));
            Stream stream = new Stream(descriptor, new SerialLane("stream " + id, executor),
                    new BlockHistory(limits.historyPoints(), limits.historyAgeMillis()), clock, ticker,
                    limits.maxFutureMillis(), ready, fanOutBatching);
            streams.put(id, stream);
            return stream;
        }
    }

    /** All streams, by name. */
    public List<Stream> all() {
        return streams.values().stream().sorted(Comparator.comparing(s -> s.id().name())).toList();
    }
}
