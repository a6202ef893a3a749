package io.seriesflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxTemplateSettingTest {
    private static Settings with(String template) {
        return Settings.read(List.of(ConfigSource.environment(Map.of("SERIESFLOW_INFLUX_STREAM_TEMPLATE",
                template))));
    }

    @Test
    void theDefaultAndOtherPlaceholdersAreAccepted() {
        assertEquals("{measurement}.{tags}.{field}", Settings.defaults().raw(Setting.INFLUX_STREAM_TEMPLATE));
        assertEquals("site.{tag:host}.{field}", with("site.{tag:host}.{field}").raw(Setting.INFLUX_STREAM_TEMPLATE));
    }

    @Test
    void aTemplateThatCannotNameEachFieldFailsTheDeployment() {
        for (String bad : List.of("{measurement}.{tags}", "{measurement}.{host}.{field}", "{field}}")) {
            InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> with(bad), bad);
            assertTrue(refused.getMessage().contains("seriesflow.influx-stream-template"), refused.getMessage());
        }
    }
}
