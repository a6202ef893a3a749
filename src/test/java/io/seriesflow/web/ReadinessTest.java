package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.config.ConfigSource;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.Dataset;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void aRunningApplicationIsReadyAndNotOnceItsEngineCloses() {
        Settings settings = Settings.read(List.of(ConfigSource.environment(Map.of("SERIESFLOW_GENERATORS", "none"))));
        try (SchedulerLease scheduler = SchedulerLease.obtain();
             RunningApplication application = RunningApplication.start(settings, Dataset.of("test", 1, 2),
                     "application", scheduler, SendMode.ASYNC, InstantSource.system())) {
            JsonObject ready = Readiness.check(Optional.of(application));
            assertEquals("ready", ready.getString("status"), ready.toString());

            application.hub().close(); // what undeploying and stopping start with

            JsonObject closing = Readiness.check(Optional.of(application));
            assertEquals("not-ready", closing.getString("status"));
            JsonObject accepting = closing.getJsonObject("checks").getJsonObject("accepting");
            assertFalse(accepting.getBoolean("ok"));
            assertEquals("shutting down", accepting.getString("detail"));
        }
        JsonObject stopped = Readiness.check(Optional.empty());
        assertEquals("not-ready", stopped.getString("status"));
        assertFalse(stopped.getJsonObject("checks").getJsonObject("started").getBoolean("ok"));
    }

    @Test
    void aPeriodicTaskStallsAfterFivePeriodsAndAtLeastFiveSeconds() {
        long second = Duration.ofSeconds(1).toNanos();
        Duration fast = Duration.ofMillis(100);
        assertTrue(Readiness.recent(OptionalLong.of(4 * second), fast, 60 * second));
        assertFalse(Readiness.recent(OptionalLong.of(6 * second), fast, 60 * second));
        Duration slow = Duration.ofSeconds(10);
        assertTrue(Readiness.recent(OptionalLong.of(45 * second), slow, 60 * second), "5 periods of 10 s");
        assertFalse(Readiness.recent(OptionalLong.of(51 * second), slow, 60 * second));
        assertTrue(Readiness.recent(OptionalLong.empty(), fast, 2 * second), "not run yet, just started");
        assertFalse(Readiness.recent(OptionalLong.empty(), fast, 20 * second), "never ran since the start");
    }
}
