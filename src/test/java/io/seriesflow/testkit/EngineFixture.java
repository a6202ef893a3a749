package io.seriesflow.testkit;

import io.seriesflow.engine.ClientConnection;
import io.seriesflow.engine.ClientLimits;
import io.seriesflow.engine.ConnectionPolicy;
import io.seriesflow.engine.Hub;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.engine.StreamRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds an engine for unit tests: fake clock, chosen executor, small limits. */
public final class EngineFixture {
    public final FakeClock clock = new FakeClock(1_000_000);
    public final Hub hub;
    /** Where blocking transports' sends run: the test runs them with {@link ManualExecutor#runAll()}. */
    public final ManualExecutor blockingSends = new ManualExecutor();

    public EngineFixture(Executor executor, StreamLimits streamLimits, ClientLimits clientLimits) {
        AtomicInteger epochs = new AtomicInteger();
        StreamRegistry registry = new StreamRegistry(streamLimits, executor, clock,
                () -> "epoch" + epochs.incrementAndGet());
        hub = new Hub(registry, clientLimits, new ConnectionPolicy(100, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(1)), clock, blockingSends);
    }

    /** Synchronous lanes, history of 1000 points and 60 s, queues of 100 points, drop-oldest. */
    public static EngineFixture direct() {
        return new EngineFixture(Runnable::run, new StreamLimits(1_000, 60_000, 10, true, 100, 60_000),
                new ClientLimits(100, OverflowPolicy.DROP_OLDEST, 5_000, 8));
    }

    public ClientConnection connect(RecordingTransport transport, int maxPointsPerFrame) {
        return hub.connect(transport, new FakeCodec(maxPointsPerFrame)).orElseThrow();
    }

    /** A batch of values stamped "now". */
    public static PointBatch values(double... values) {
        long[] timestamps = new long[values.length];
        java.util.Arrays.fill(timestamps, PointBatch.NOW);
        return new PointBatch(timestamps, values);
    }
}
