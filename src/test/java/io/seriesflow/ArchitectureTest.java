package io.seriesflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package boundaries: the engine and config see only the JDK, protocol adds JSON-P, and only web
 * touches the container APIs (and of CDI, only annotations, so that plain Tomcat can load every class) and the
 * metrics library.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/seriesflow");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    private static final Map<String, List<String>> ALLOWED = Map.of(
            "engine", List.of("java.", "io.seriesflow.engine."),
            "config", List.of("java.", "io.seriesflow.config."),
            "protocol", List.of("java.", "jakarta.json.", "io.seriesflow.engine.", "io.seriesflow.protocol."),
            "redis", List.of("java.", "redis.clients.jedis.", "io.seriesflow.engine.", "io.seriesflow.redis."),
            "web", List.of("java.", "javax.naming.", "jakarta.servlet.", "jakarta.websocket.", "jakarta.json.",
                    "jakarta.enterprise.context.ApplicationScoped", "jakarta.inject.Inject", "io.prometheus.metrics.",
                    "io.seriesflow."));

    @Test
    void everyImportIsAllowedForItsPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> check(file, violations));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageIsCoveredByARuleAndDocumented() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            List<String> packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
                    .toList();
            assertEquals(ALLOWED.keySet().stream().sorted().toList(), packages);
            packages.forEach(p -> assertEquals(true, Files.exists(MAIN.resolve(p).resolve("package-info.java")),
                    p + " has a package-info.java"));
        }
    }

    private static void check(Path file, List<String> violations) {
        String pkg = MAIN.relativize(file).getName(0).toString();
        List<String> allowed = ALLOWED.getOrDefault(pkg, List.of());
        try {
            Matcher matcher = IMPORT.matcher(Files.readString(file));
            while (matcher.find()) {
                String imported = matcher.group(1);
                if (allowed.stream().noneMatch(imported::startsWith)) {
                    violations.add(MAIN.relativize(file) + " imports " + imported);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
