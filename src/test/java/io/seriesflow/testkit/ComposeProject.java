package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * One Docker Compose project run from a compose file, through whichever client the machine has: Compose v2
 * ({@code docker compose}) or Compose v1 ({@code docker-compose}, Debian 12's package). The project has a name of its
 * own, so a test's containers, network, volumes and built images never mix with anyone else's, and the variables the
 * file reads are passed to every command. Closing it removes all of that. Not thread-safe: one test thread owns it.
 */
public final class ComposeProject implements AutoCloseable {
    /** Builds included; a warm run takes seconds. */
    private static final Duration UP = Duration.ofMinutes(10);
    private static final Duration QUICK = Duration.ofMinutes(2);
    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image:\\s*[\"']?([^\"'\\s#]+)");
    private static final Pattern PROFILES = Pattern.compile("(?m)^\\s*profiles:");

    private final List<String> client;
    private final Path file;
    private final String name;
    private final Map<String, String> variables;

    private ComposeProject(List<String> client, Path file, String name, Map<String, String> variables) {
        this.client = client;
        this.file = file.toAbsolutePath();
        this.name = name;
        this.variables = Map.copyOf(variables);
    }

    /** Skips (loudly) when no Compose client works on a developer machine; in CI that fails the test. */
    public static void requireClient() {
        if (findClient() != null) {
            return;
        }
        String problem = "neither 'docker compose' nor 'docker-compose' answers 'version'";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs Docker Compose (.ci/run installs docker-compose): " + problem);
        }
        System.err.println("SKIPPING the compose tests: " + problem + "; apt-get install -y docker-compose");
        Assumptions.assumeTrue(false, problem);
    }

    /** The project {@code name} of {@code file}, with the variables its {@code ${...}} read. */
    public static ComposeProject of(Path file, String name, Map<String, String> variables) {
        List<String> client = findClient();
        if (client == null) {
            throw new AssertionError("no Docker Compose client; call requireClient() first");
        }
        return new ComposeProject(client, file, name, variables);
    }

    /** The client's command and version, e.g. "docker-compose 1.29.2", for the test log. */
    public String clientVersion() {
        return String.join(" ", client) + " " + compose(QUICK, "version", "--short").requireSuccess().strip();
    }

    /**
     * The images {@code up} runs by name ({@code image:} lines), e.g. redis:7.0.15, leaving out services that only a
     * profile starts ({@code profiles:}), which {@code up} without {@code --profile} does not.
     */
    public List<ImageReference> images() {
        try {
            List<ImageReference> images = new ArrayList<>();
            for (String service : Files.readString(file).split("(?m)^(?=  [A-Za-z0-9_.-]+:\\s*$)")) {
                Matcher matcher = IMAGE.matcher(service);
                if (matcher.find() && !PROFILES.matcher(service).find()) {
                    images.add(ImageReference.parse(matcher.group(1)));
                }
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code up --detach --build}: builds what the file builds, then starts every service in the background. */
    public void up() {
        compose(UP, "up", "--detach", "--build").requireSuccess();
    }

    /** Runs the client with this project's file, name and variables; fails the test when it fails. */
    public String run(String... arguments) {
        return compose(QUICK, arguments).requireSuccess();
    }

    /** The services' state (names, state, health, ports). */
    public String ps() {
        return compose(QUICK, "ps").output();
    }

    /** The last lines of every service's log. */
    public String logs(int lines) {
        return compose(QUICK, "logs", "--no-color", "--tail", Integer.toString(lines)).output();
    }

    /**
     * {@code down}: removes the containers, the network, the volumes and the images the file built (Compose names
     * them after the project); prints what went wrong instead of throwing, so that it can run in a finally.
     */
    @Override
    public void close() {
        Command.Outcome down = compose(QUICK, "down", "--volumes", "--remove-orphans", "--rmi", "local",
                "--timeout", "10");
        if (!down.succeeded()) {
            System.err.println("could not remove compose project " + name + ": " + down.tail(20));
        }
    }

    private Command.Outcome compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("--file", file.toString(), "--project-name", name));
        command.addAll(List.of(arguments));
        return Command.run(timeout, command, variables, null);
    }

    /** {@code docker compose} (v2) if it answers, else {@code docker-compose} (v1 or a standalone v2), else null. */
    private static List<String> findClient() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (Command.run(QUICK, version).succeeded()) {
                    return candidate;
                }
            } catch (UncheckedIOException e) {
                // The program does not exist on this machine: try the next candidate.
            }
        }
        return null;
    }
}
