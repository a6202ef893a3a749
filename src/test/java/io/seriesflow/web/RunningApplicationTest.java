package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seriesflow.config.ConfigSource;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.Dataset;
import io.seriesflow.engine.StreamLimitException;
import io.seriesflow.testkit.Awaits;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunningApplicationTest {
    @Test
    void aDeploymentThatFailsToStartLeavesNoSendThreadBehind() {
        Settings tooManyStreams = Settings.read(List.of(ConfigSource.environment(Map.of(
                "SERIESFLOW_MAX_STREAMS", "1", "SERIESFLOW_GENERATORS", "a:sine:100"))));
        try (SchedulerLease scheduler = SchedulerLease.obtain()) {
            assertThrows(StreamLimitException.class, () -> RunningApplication.start(tooManyStreams,
                    Dataset.of("test", 1, 2), "application", scheduler, SendMode.BLOCKING, InstantSource.system()));
        }
        String sendThreadPrefix = io.seriesflow.engine.SendThreads.THREAD_NAME_PREFIX;
        Awaits.await("no send thread left", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(thread -> thread.getName().startsWith(sendThreadPrefix)));
    }
}
