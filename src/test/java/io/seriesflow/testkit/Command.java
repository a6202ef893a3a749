package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to completion within a deadline (docker, debootstrap, cp, asadmin, mvn), its standard output and
 * error captured together so that a failure can show them. Stateless; each call starts its own process.
 */
public final class Command {
    private Command() {
    }

    /** What a finished command printed and how it exited. */
    public record Outcome(List<String> command, int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The output; an AssertionError naming the command and showing its output when it failed. */
        public String requireSuccess() {
            if (!succeeded()) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ":\n" + tail(60));
            }
            return output;
        }

        public String tail(int lines) {
            List<String> all = output.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    public static Outcome run(Duration timeout, String... command) {
        return run(timeout, List.of(command), Map.of(), null);
    }

    public static Outcome run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of(), null);
    }

    /**
     * Runs the command with extra environment variables in {@code directory} (null: the current one). A command
     * still running at the deadline is killed and reported as an AssertionError with what it printed so far.
     */
    public static Outcome run(Duration timeout, List<String> command, Map<String, String> environment,
                              Path directory) {
        Path output = null;
        try {
            output = Files.createTempFile("seriesflow-command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Outcome(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the command's outcome matters more than this cleanup.
            System.err.println("could not delete " + file + ": " + e);
        }
    }
}
