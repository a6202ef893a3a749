package io.seriesflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings settings = Settings.defaults();

        assertEquals(Duration.ofMillis(100), settings.tickInterval());
        assertEquals(Optional.empty(), settings.dataset());
        assertEquals(1024, settings.clientQueueFrames());
        assertEquals(Duration.ofSeconds(10), settings.sendTimeout());
        assertEquals("default", settings.origins().get(Setting.TICK_INTERVAL_MS));
    }

    @Test
    void environmentBeatsSystemPropertyBeatsContextParameter() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "20"));
        ConfigSource props = ConfigSource.systemProperties(Map.of("seriesflow.tick-interval-ms", "30",
                "seriesflow.client-queue-frames", "7")::get);
        ConfigSource params = ConfigSource.contextParameters(Map.of("seriesflow.tick-interval-ms", "40",
                "seriesflow.client-queue-frames", "8", "seriesflow.send-timeout-ms", "500")::get);

        Settings settings = Settings.read(List.of(env, props, params));

        assertEquals(Duration.ofMillis(20), settings.tickInterval());
        assertEquals(7, settings.clientQueueFrames());
        assertEquals(Duration.ofMillis(500), settings.sendTimeout());
        assertEquals("environment variable SERIESFLOW_TICK_INTERVAL_MS",
                settings.origins().get(Setting.TICK_INTERVAL_MS));
        assertEquals("context parameter seriesflow.send-timeout-ms", settings.origins().get(Setting.SEND_TIMEOUT_MS));
    }

    @Test
    void blankValuesFallThroughToTheNextSource() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "  "));
        ConfigSource params = ConfigSource.contextParameters(Map.of("seriesflow.tick-interval-ms", "250")::get);

        assertEquals(Duration.ofMillis(250), Settings.read(List.of(env, params)).tickInterval());
    }

    @Test
    void badValuesFailNamingTheSettingAndItsSource() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "fast"));
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env))).getMessage();
        assertEquals("seriesflow.tick-interval-ms from environment variable SERIESFLOW_TICK_INTERVAL_MS: 'fast' "
                + "is not a whole number of ms", message);
    }

    @Test
    void outOfRangeValuesFail() {
        ConfigSource props = ConfigSource.systemProperties(Map.of("seriesflow.tick-interval-ms", "0")::get);
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(props))).getMessage();
        assertTrue(message.contains("0 ms is outside 1..60000"), message);
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertEquals("SERIESFLOW_CLIENT_QUEUE_FRAMES", Setting.CLIENT_QUEUE_FRAMES.environmentVariable());
    }
}
