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
        assertEquals(1_048_576, settings.number(Setting.CLIENT_QUEUE_BYTES));
        assertEquals("off", settings.raw(Setting.WEBSOCKET_COMPRESSION), "no permessage-deflate by default");
        assertEquals(Duration.ofSeconds(10), settings.millis(Setting.CLIENT_MAX_LAG_MS));
        assertEquals(Optional.empty(), settings.publishToken(), "publishing is off by default");
        assertEquals(List.of(), settings.allowedOrigins(), "same origin by default");
        assertEquals(2, settings.generators().size());
        assertEquals("default", settings.origins().get(Setting.TICK_INTERVAL_MS));
    }

    @Test
    void environmentBeatsSystemPropertyBeatsContextParameter() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "20"));
        ConfigSource props = ConfigSource.systemProperties(Map.of("seriesflow.tick-interval-ms", "30",
                "seriesflow.client-queue-bytes", "7000")::get);
        ConfigSource params = ConfigSource.contextParameters(Map.of("seriesflow.tick-interval-ms", "40",
                "seriesflow.client-queue-bytes", "8000", "seriesflow.client-max-lag-ms", "500")::get);

        Settings settings = Settings.read(List.of(env, props, params));

        assertEquals(Duration.ofMillis(20), settings.tickInterval());
        assertEquals(7000, settings.number(Setting.CLIENT_QUEUE_BYTES));
        assertEquals(Duration.ofMillis(500), settings.millis(Setting.CLIENT_MAX_LAG_MS));
        assertEquals("environment variable SERIESFLOW_TICK_INTERVAL_MS",
                settings.origins().get(Setting.TICK_INTERVAL_MS));
        assertEquals("context parameter seriesflow.client-max-lag-ms",
                settings.origins().get(Setting.CLIENT_MAX_LAG_MS));
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
        assertEquals("SERIESFLOW_CLIENT_QUEUE_BYTES", Setting.CLIENT_QUEUE_BYTES.environmentVariable());
    }

    @Test
    void choicesAreChecked() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_CLIENT_OVERFLOW", "block"));
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env))).getMessage();
        assertTrue(message.endsWith("'block' is not one of drop-oldest, aggregate, close"), message);
    }

    @Test
    void streamLabelsAreParsedAndChecked() {
        assertEquals(List.of(new StreamLabelSetting("demo", "Server room temperature", "°C")),
                Settings.defaults().streamLabels(), "the demo dataset's label");
        Settings settings = Settings.read(List.of(ConfigSource.environment(Map.of("SERIESFLOW_STREAM_LABELS",
                "a=Alpha [V]; b.c=[mA] ;d=Just a name [with [brackets]]"))));
        assertEquals(List.of(new StreamLabelSetting("a", "Alpha", "V"), new StreamLabelSetting("b.c", "", "mA"),
                new StreamLabelSetting("d", "Just a name [with", "brackets]")), settings.streamLabels());
        assertEquals(List.of(), Settings.read(List.of(ConfigSource.environment(Map.of("SERIESFLOW_STREAM_LABELS",
                "none")))).streamLabels());

        for (String bad : List.of("demo", "Demo=x", "a=x;a=y", "a=x [" + "u".repeat(17) + "]", "a=" + "n".repeat(65))) {
            ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_STREAM_LABELS", bad));
            String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env)))
                    .getMessage();
            assertTrue(message.startsWith("seriesflow.stream-labels from environment variable"), message);
        }
    }

    @Test
    void generatorsAreParsedAndChecked() {
        Settings settings = Settings.read(List.of(ConfigSource.environment(
                Map.of("SERIESFLOW_GENERATORS", "a:sine:50, b.c:random-walk:1000"))));
        assertEquals(List.of(new Generator("a", Generator.Kind.SINE, 50),
                new Generator("b.c", Generator.Kind.RANDOM_WALK, 1000)), settings.generators());

        for (String bad : List.of("a:sine", "A:sine:50", "a:square:50", "a:sine:0", "a:sine:x")) {
            ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_GENERATORS", bad));
            String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env)),
                    bad).getMessage();
            assertTrue(message.startsWith("seriesflow.generators from environment variable"), message);
        }
        assertEquals(List.of(), Settings.read(List.of(ConfigSource.environment(
                Map.of("SERIESFLOW_GENERATORS", "none")))).generators(), "none turns the generators off");
    }

    @Test
    void allowedOriginsAreAList() {
        Settings settings = Settings.read(List.of(ConfigSource.environment(
                Map.of("SERIESFLOW_ALLOWED_ORIGINS", "https://a.example, http://b.example:8080"))));
        assertEquals(List.of("https://a.example", "http://b.example:8080"), settings.allowedOrigins());
    }

    @Test
    void anAllowedOriginThatIsNotAnOriginFailsTheDeployment() {
        for (String bad : List.of("https://a.example/page", "null", "a.example", "ftp://a.example")) {
            ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_ALLOWED_ORIGINS",
                    "https://b.example, " + bad));
            String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env)))
                    .getMessage();
            assertTrue(message.contains("'" + bad + "' is neither * nor an origin"), message);
        }
    }

    @Test
    void theClosePolicyNeedsAQueueThatHoldsTheLargestPublish() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_CLIENT_OVERFLOW", "close",
                "SERIESFLOW_INGEST_MAX_POINTS", "20000"));
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env))).getMessage();
        assertTrue(message.startsWith("seriesflow.client-queue-bytes from default: 1048576 bytes cannot hold one "
                + "publish of seriesflow.ingest-max-points (20000 points"), message);
        Settings.read(List.of(ConfigSource.environment(Map.of("SERIESFLOW_CLIENT_OVERFLOW", "close"))));
    }

    @Test
    void aPingIntervalThatIsNotBelowTheIdleTimeoutIsRefused() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_PING_INTERVAL_MS", "60000"));
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env))).getMessage();
        assertTrue(message.startsWith("seriesflow.ping-interval-ms from environment variable "
                + "SERIESFLOW_PING_INTERVAL_MS: 60000 ms is not below seriesflow.idle-timeout-ms (60000 ms)"), message);
    }

    @Test
    void twoSourcesFeedingOneStreamAreRefused() {
        for (String generators : List.of("a:sine:50,a:random-walk:100", "demo:sine:100")) {
            ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_GENERATORS", generators));
            String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env)),
                    generators).getMessage();
            assertTrue(message.contains("names a stream twice"), message);
        }
    }

    @Test
    void aBlockingSendTimesOutBeforeTheLagCheckFires() {
        assertEquals(500, Settings.defaults().blockingSendTimeoutMillis());
        Settings lowLag = Settings.read(List.of(ConfigSource.environment(Map.of(
                "SERIESFLOW_BLOCKING_SEND_TIMEOUT_MS", "2000", "SERIESFLOW_CLIENT_MAX_LAG_MS", "600"))));
        assertEquals(300, lowLag.blockingSendTimeoutMillis());
    }
}
