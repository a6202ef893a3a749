package io.seriesflow.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image built from the repository root with one of the repository's Dockerfiles, as the README says to build
 * it, and the size of the build context the client sent to the engine (what {@code .dockerignore} lets through).
 *
 * @param reference    the tag it was built under
 * @param contextBytes the build context's size as the client reported it
 * @param log          the build's output
 */
public record BuiltImage(String reference, long contextBytes, String log) {
    /** "Sending build context to Docker daemon  512kB" (classic builder), "transferring context: 1.2MB" (BuildKit). */
    private static final Pattern CONTEXT_SIZE = Pattern.compile(
            "(?:Sending build context to Docker daemon|transferring context:)\\s+([0-9.]+)\\s*([kMG]?B)");

    public static BuiltImage build(Path dockerfile, String reference) {
        Command.Outcome build = Command.run(Duration.ofMinutes(5),
                List.of("docker", "build", "--file", dockerfile.toString(), "--tag", reference, "."));
        build.requireSuccess();
        return new BuiltImage(reference, contextBytes(build.output()), build.output());
    }

    static long contextBytes(String buildLog) {
        Matcher matcher = CONTEXT_SIZE.matcher(buildLog);
        long bytes = -1;
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(1));
            long unit = switch (matcher.group(2)) {
                case "kB" -> 1_000L;
                case "MB" -> 1_000_000L;
                case "GB" -> 1_000_000_000L;
                default -> 1L;
            };
            bytes = Math.max(bytes, Math.round(value * unit));
        }
        if (bytes < 0) {
            throw new AssertionError("the build log does not say how large the build context was:\n" + buildLog);
        }
        return bytes;
    }
}
