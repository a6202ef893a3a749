package io.seriesflow.testkit;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The local Docker engine, through the {@code docker} command-line client. Stateless. */
public final class DockerEngine {
    static final Duration QUICK = Duration.ofSeconds(60);
    /** A pull that gets through can take minutes; one that cannot reach a registry fails at once. */
    private static final Duration PULL = Duration.ofMinutes(10);

    private DockerEngine() {
    }

    /** Skips (loudly) when no Docker engine answers on a developer machine; in CI that fails the test. */
    public static void requireRunning() {
        String problem = problem();
        if (problem != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs a running Docker engine (.ci/run starts dockerd): " + problem);
        }
        if (problem != null) {
            System.err.println("SKIPPING the Docker image tests: " + problem
                    + "; install docker.io and start dockerd (see .ci/run)");
        }
        Assumptions.assumeTrue(problem == null, "no Docker engine: " + problem);
    }

    /** Why the engine cannot be used, or null when {@code docker info} answers. */
    private static String problem() {
        try {
            Command.Outcome info = Command.run(QUICK, "docker", "info", "--format", "{{.ServerVersion}}");
            return info.succeeded() ? null : "docker info failed: " + info.tail(5);
        } catch (UncheckedIOException e) {
            return "the docker client cannot be started (" + e.getCause().getMessage() + ")";
        }
    }

    /** Runs {@code docker <arguments>} and returns its output; fails the test when docker does. */
    public static String docker(String... arguments) {
        return run(QUICK, arguments).requireSuccess().strip();
    }

    public static Command.Outcome run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return Command.run(timeout, command);
    }

    public static boolean imageExists(String reference) {
        return run(QUICK, "image", "inspect", "--format", "{{.Id}}", reference).succeeded();
    }

    /** A label of a local image, or "" when it has none. */
    public static String imageLabel(String reference, String label) {
        return docker("image", "inspect", "--format", "{{index .Config.Labels \"" + label + "\"}}", reference)
                .replace("<no value>", "");
    }

    public static Command.Outcome pull(String reference) {
        return run(PULL, "pull", reference);
    }

    /** Removes an image the tests built; what it shares with other images stays. */
    public static void removeImage(String reference) {
        Command.Outcome removal = run(QUICK, "image", "rm", reference);
        if (!removal.succeeded()) {
            System.err.println("could not remove the test image " + reference + ": " + removal.tail(5));
        }
    }
}
