package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamPumpTest {
    private final io.seriesflow.testkit.EngineFixture engine = io.seriesflow.testkit.EngineFixture.direct();
    private final StreamId id = StreamId.of("s");
    private final Stream stream = engine.hub.streams().getOrCreate(id);

    private StreamPump pump(PointSource source, Duration interval, Ticker ticker) {
        return new StreamPump(id, source, interval, ticker, engine.log, SourceLeases.local());
    }

    @Test
    void aFailingSourceDoesNotEscapeTheTickSoTheScheduleSurvives() {
        PointSource flaky = new PointSource() {
            private int calls;

            @Override
            public double nextValue() {
                if (++calls == 2) {
                    throw new IllegalStateException("sensor hiccup");
                }
                return calls;
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        StreamPump pump = pump(flaky, Duration.ofMillis(10), Ticker.system());

        pump.tick();
        pump.tick();
        pump.tick();

        assertEquals(2, stream.state().lastSeq(), "the failed tick published nothing, the others did");
    }

    @Test
    void noFailureButAVirtualMachineErrorEscapesATickAndEveryTickIsRecorded() {
        io.seriesflow.testkit.FakeClock clock = new io.seriesflow.testkit.FakeClock(0);
        PointSource broken = new PointSource() {
            @Override
            public double nextValue() {
                throw new NoClassDefFoundError("a class that went away with a redeploy");
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        StreamPump pump = pump(broken, Duration.ofMillis(10), clock);
        assertTrue(pump.nanosSinceLastTick().isEmpty(), "never ran");

        pump.tick();
        clock.advance(250);

        assertEquals(250_000_000L, pump.nanosSinceLastTick().getAsLong(), "the failed tick still counts as a run");
        StreamPump fatal = pump(new PointSource() {
            @Override
            public double nextValue() {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public String describe() {
                return "fatal";
            }
        }, Duration.ofMillis(10), clock);
        assertThrows(OutOfMemoryError.class, fatal::tick);
    }

    @Test
    void rejectsNonPositiveIntervals() {
        ReplaySource source = new ReplaySource(Dataset.of("t", 1));
        assertThrows(IllegalArgumentException.class, () -> pump(source, Duration.ZERO, Ticker.system()));
    }

    @Test
    void startsOnceAndStopCancelsTheSchedule() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            StreamPump pump = pump(new ReplaySource(Dataset.of("t", 1)), Duration.ofHours(1), Ticker.system());
            pump.start(executor);
            assertThrows(IllegalStateException.class, () -> pump.start(executor));
            assertEquals(1, executor.getQueue().size());

            pump.stop();
            pump.stop();

            assertEquals(0, executor.getQueue().size());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void pumpsStartedTogetherSpreadTheirFirstTicksOverTheInterval() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        try {
            for (int phase = 0; phase < 4; phase++) {
                pump(new ReplaySource(Dataset.of("t", 1)), Duration.ofMillis(400), Ticker.system())
                        .start(executor, phase, 4);
            }
            List<Long> delays = executor.getQueue().stream()
                    .map(task -> ((ScheduledFuture<?>) task).getDelay(TimeUnit.MILLISECONDS))
                    .sorted(Comparator.naturalOrder()).toList();
            for (int phase = 0; phase < 4; phase++) {
                long expected = 400 + 100L * phase;
                assertTrue(delays.get(phase) <= expected && delays.get(phase) > expected - 50,
                        "phase " + phase + " starts after about " + expected + " ms: " + delays);
            }
            assertThrows(IllegalArgumentException.class, () -> pump(new ReplaySource(Dataset.of("t", 1)),
                    Duration.ofMillis(400), Ticker.system()).start(executor, 4, 4));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void oneTickAdvancesEveryClientTogetherThroughTheLoopingDataset() {
        io.seriesflow.testkit.EngineFixture engine = io.seriesflow.testkit.EngineFixture.direct();
        Stream demo = engine.hub.streams().getOrCreate(StreamId.of("demo"));
        io.seriesflow.testkit.RecordingTransport a = new io.seriesflow.testkit.RecordingTransport("a");
        io.seriesflow.testkit.RecordingTransport b = new io.seriesflow.testkit.RecordingTransport("b");
        io.seriesflow.protocol.CompatibleCodec codec = new io.seriesflow.protocol.CompatibleCodec();
        engine.hub.connect(a, codec).orElseThrow().subscribe(demo, Resume.live());
        engine.hub.connect(b, codec).orElseThrow().subscribe(demo, Resume.live());
        StreamPump pump = engine.pump("demo", new ReplaySource(Dataset.of("t", 10, 20, 30)), Duration.ofMillis(100));

        for (int i = 0; i < 4; i++) {
            pump.tick();
            engine.clock.advance(100);
        }

        assertEquals(java.util.List.of(
                "{\"seq\":1,\"ts\":1000000,\"value\":10.0}", "{\"seq\":2,\"ts\":1000100,\"value\":20.0}",
                "{\"seq\":3,\"ts\":1000200,\"value\":30.0}", "{\"seq\":4,\"ts\":1000300,\"value\":10.0}"),
                a.frames(), "seq +1 per tick, the dataset loops");
        assertEquals(a.frames(), b.frames(), "both clients advance together");
    }
}
