package io.seriesflow.testkit;

import io.seriesflow.engine.ClientConnection;
import io.seriesflow.engine.ClientLimits;
import io.seriesflow.engine.CommandDispatcher;
import io.seriesflow.engine.ConnectionPolicy;
import io.seriesflow.engine.Hub;
import io.seriesflow.engine.InMemoryStreamLog;
import io.seriesflow.engine.PointSource;
import io.seriesflow.engine.SourceLeases;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamPump;
import io.seriesflow.engine.InboundLimits;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.engine.StreamRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds an engine for unit tests: fake clock, chosen executor, small limits. */
public final class EngineFixture {
    /** Generous inbound limits, so that only tests about them meet them. */
    public static final InboundLimits GENEROUS = new InboundLimits(1_000, 1_000, 1_000, 1_000, 100, 100);

    public final FakeClock clock = new FakeClock(1_000_000);
    public final Hub hub;
    /** The log in memory the hub publishes through. */
    public final InMemoryStreamLog log;
    /** Where blocking transports' sends run: the test runs them with {@link ManualExecutor#runAll()}. */
    public final ManualExecutor blockingSends = new ManualExecutor();

    public EngineFixture(Executor executor, StreamLimits streamLimits, ClientLimits clientLimits) {
        AtomicInteger epochs = new AtomicInteger();
        StreamRegistry registry = new StreamRegistry(streamLimits, executor, clock, clock,
                () -> "epoch" + epochs.incrementAndGet());
        log = new InMemoryStreamLog(registry, clock, clock, 1_000, 600_000);
        hub = new Hub(registry, log, SourceLeases.local(), clientLimits, new ConnectionPolicy(100,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1)), clock, clock, blockingSends);
    }

    /** Stream limits: history of {@code historyPoints} points and 60 s, 10 streams, created on publish. */
    public static StreamLimits streams(int historyPoints) {
        return new StreamLimits(historyPoints, 60_000, 10, true, 60_000, false);
    }

    /** Synchronous lanes, history of 1000 points and 60 s, queues of 10,000 bytes, drop-oldest. */
    public static EngineFixture direct() {
        return new EngineFixture(Runnable::run, streams(1_000),
                ClientLimits.ofQueue(10_000, OverflowPolicy.DROP_OLDEST));
    }

    /** A connection with a {@link FakeCodec} (one byte per point). */
    public ClientConnection connect(RecordingTransport transport, int maxPointsPerFrame) {
        return hub.connect(transport, new FakeCodec(maxPointsPerFrame)).orElseThrow();
    }

    /** A dispatcher for the connection with the given inbound limits. */
    public CommandDispatcher dispatcher(ClientConnection connection, InboundLimits limits) {
        return new CommandDispatcher(connection, hub, limits, clock, clock);
    }

    /** A pump for the stream through this engine's log, always holding its lease. */
    public StreamPump pump(String stream, PointSource source, Duration interval) {
        return new StreamPump(StreamId.of(stream), source, interval, clock, log, SourceLeases.local());
    }

    /** A batch of values stamped "now". */
    public static PointBatch values(double... values) {
        long[] timestamps = new long[values.length];
        java.util.Arrays.fill(timestamps, PointBatch.NOW);
        return new PointBatch(timestamps, values);
    }
}
