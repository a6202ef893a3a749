package io.seriesflow.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container started in the background with {@code docker run -d}, its port 8080 published on a free port of
 * 127.0.0.1. Closing it removes it (and its log). Not thread-safe; one test owns it.
 */
public final class RunningContainer implements AutoCloseable {
    private final String id;

    private RunningContainer(String id) {
        this.id = id;
    }

    /** How {@code docker stop} ended: how long it took, the exit code, and whether the kernel killed it for memory. */
    public record Stopped(Duration took, int exitCode, boolean oomKilled) {
    }

    /** {@code docker run -d <options> -p 127.0.0.1::8080 <image>}. */
    public static RunningContainer start(String image, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of("run", "--detach", "--publish", "127.0.0.1::8080"));
        arguments.addAll(options);
        arguments.add(image);
        return new RunningContainer(DockerEngine.docker(arguments.toArray(String[]::new)));
    }

    public int hostPort() {
        String mapping = DockerEngine.docker("port", id, "8080/tcp").lines().findFirst().orElseThrow();
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + hostPort() + path);
    }

    /** {@code docker inspect --format <template>} of this container. */
    public String inspect(String template) {
        return DockerEngine.docker("inspect", "--format", template, id);
    }

    public boolean isRunning() {
        return Boolean.parseBoolean(inspect("{{.State.Running}}"));
    }

    /** What the container wrote to its standard output and error. */
    public String logs() {
        return DockerEngine.run(DockerEngine.QUICK, "logs", id).requireSuccess();
    }

    public String logTail(int lines) {
        List<String> all = logs().lines().toList();
        return "container " + id.substring(0, 12) + " log, last " + lines + " lines:\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Runs a command inside the container, as the image's user. */
    public Command.Outcome exec(String... command) {
        List<String> arguments = new ArrayList<>(List.of("exec", id));
        arguments.addAll(List.of(command));
        return DockerEngine.run(DockerEngine.QUICK, arguments.toArray(String[]::new));
    }

    /** Polls the URL until it answers 200; fails at once, with the log, when the container stops first. */
    public void awaitAnswer(HttpClient http, URI url, Duration timeout) {
        Awaits.await(url + " to answer 200", timeout, () -> {
            if (!isRunning()) {
                throw new AssertionError("the container stopped before the application answered\n" + logTail(80));
            }
            return Http.statusOrMinusOne(http, url) == 200;
        }, () -> logTail(20));
    }

    /** {@code docker stop -t <grace>}: SIGTERM, then SIGKILL once the grace period is over. */
    public Stopped stop(Duration grace) {
        long started = System.nanoTime();
        DockerEngine.run(grace.plusSeconds(30), "stop", "--time", Long.toString(grace.toSeconds()), id)
                .requireSuccess();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Stopped(took, Integer.parseInt(inspect("{{.State.ExitCode}}")),
                Boolean.parseBoolean(inspect("{{.State.OOMKilled}}")));
    }

    @Override
    public void close() {
        Command.Outcome removal = DockerEngine.run(DockerEngine.QUICK, "rm", "--force", "--volumes", id);
        if (!removal.succeeded()) {
            System.err.println("could not remove container " + id + ": " + removal.tail(5));
        }
    }
}
