package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class StreamPumpTest {
    private final Stream stream = io.seriesflow.testkit.EngineFixture.direct().hub.streams()
            .getOrCreate(StreamId.of("s"));

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
        StreamPump pump = new StreamPump(stream, flaky, Duration.ofMillis(10));

        pump.tick();
        pump.tick();
        pump.tick();

        assertEquals(2, stream.state().lastSeq(), "the failed tick published nothing, the others did");
    }

    @Test
    void rejectsNonPositiveIntervals() {
        ReplaySource source = new ReplaySource(Dataset.of("t", 1));
        assertThrows(IllegalArgumentException.class, () -> new StreamPump(stream, source, Duration.ZERO));
    }

    @Test
    void startsOnceAndStopCancelsTheSchedule() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            StreamPump pump = new StreamPump(stream, new ReplaySource(Dataset.of("t", 1)), Duration.ofHours(1));
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
}
