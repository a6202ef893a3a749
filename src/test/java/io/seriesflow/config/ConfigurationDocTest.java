package io.seriesflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists exactly the settings the code reads, with their real defaults and limits. */
class ConfigurationDocTest {
    @Test
    void theDocumentedTableMatchesTheSettings() throws IOException {
        List<String> documented = Files.readAllLines(Path.of("docs/configuration.md")).stream()
                .filter(line -> line.startsWith("| `seriesflow."))
                .map(ConfigurationDocTest::normalise)
                .toList();
        List<String> actual = Arrays.stream(Setting.values()).map(ConfigurationDocTest::row).toList();

        assertEquals(actual, documented);
    }

    private static String row(Setting setting) {
        String defaultValue = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
        String range = setting.range();
        return String.join(" | ", "`" + setting.key() + "`", "`" + setting.environmentVariable() + "`",
                defaultValue, setting.unit(), range, setting.description());
    }

    private static String normalise(String line) {
        return Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
                .map(String::trim).collect(Collectors.joining(" | "));
    }
}
