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
 * A container started as a child process, its output going to a log file the tests read and print on failure.
 * Stopping sends SIGTERM (a graceful shutdown) and waits, then kills.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                                     Path directory, Path log) {
        return start(name, command, environment, directory, log, ProcessBuilder.Redirect.to(log.toFile()));
    }

    /**
     * As {@link #start} but appending to the log, for a server restarted in place whose earlier runs' output
     * must stay readable (why did it need a restart, what did it say before).
     */
    public static ChildProcess startAppending(String name, List<String> command, Map<String, String> environment,
                                              Path directory, Path log) {
        return start(name, command, environment, directory, log, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                                      Path directory, Path log, ProcessBuilder.Redirect output) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output);
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean logContains(String text) {
        return log().contains(text);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return name + " log (" + log + "), last " + lines + " lines:\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM, then wait up to the timeout for a graceful exit; returns true when it exited by itself. */
    public boolean stop(Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** SIGKILL, as a crash or the OOM killer would end it, and waits until the kernel has reaped it. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing " + name, e);
        }
        if (process.isAlive()) {
            throw new AssertionError(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** The exit code once the process has ended, e.g. 143 after SIGTERM to a JVM, 137 after SIGKILL. */
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
