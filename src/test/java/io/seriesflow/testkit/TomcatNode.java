package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a {@link TomcatCluster}: the real Tomcat distribution with the shipped configuration, its own
 * CATALINA_BASE and port, and a fixed environment, run as a child process that can be stopped, killed and started
 * again on the same port and base (the log of every run is appended to one file). Not thread-safe: the test thread
 * drives it; the cluster starts and stops several nodes at once only through the methods that say so.
 */
public final class TomcatNode {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final String name;
    private final TomcatDistribution distribution;
    private final Map<String, String> environment;
    private ChildProcess process;
    private int runs;

    TomcatNode(String name, TomcatDistribution distribution, Map<String, String> environment) {
        this.name = name;
        this.distribution = distribution;
        this.environment = Map.copyOf(environment);
    }

    /** "node-1", "node-2", ...: the name in logs and failure messages. */
    public String name() {
        return name;
    }

    public int port() {
        return distribution.port();
    }

    /** {@code http://127.0.0.1:<port>/} (or {@code /<context>/}). */
    public URI baseUri() {
        return distribution.baseUri();
    }

    /** The WebSocket endpoint: {@code ws://127.0.0.1:<port>/ws} (or {@code /<context>/ws}). */
    public URI wsUri() {
        return URI.create("ws" + baseUri().toString().substring("http".length())).resolve("ws");
    }

    /** The environment this node runs with (the cluster's shared settings and its own). */
    public Map<String, String> environment() {
        return environment;
    }

    public Path catalinaBase() {
        return distribution.base();
    }

    /**
     * The process id of the node's JVM. {@code catalina.sh run} execs java, so it is the child's own pid; checked,
     * so that {@link #kill()} never kills a shell and leaves the JVM running.
     */
    public long pid() {
        return jvm().pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and wait: Tomcat undeploys the application (clients get 1001). Fails if it takes over 30 s. */
    public void stop() {
        if (!process.stop(GRACE)) {
            throw new AssertionError(name + " did not stop within " + GRACE.toSeconds() + " s of SIGTERM\n"
                    + logTail(60));
        }
    }

    /** SIGKILL to the JVM: no undeploy, no close frames; clients see their connection drop (1006). */
    public void kill() {
        jvm().destroyForcibly();
        process.kill();
    }

    /** Stops the node gracefully if it runs, then starts it again on the same port and base and waits for it. */
    public void restart() {
        if (isAlive()) {
            stop();
        }
        launch();
        awaitReady(Duration.ofSeconds(90));
    }

    /** The last lines of the log of every run so far. */
    public String logTail(int lines) {
        return process == null ? name + " never started" : process.logTail(lines);
    }

    /** Starts the JVM without waiting for the application (the cluster starts all nodes, then waits for each). */
    void launch() {
        Path log = distribution.base().resolve("logs/console.log");
        runs++;
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + name + ": run " + runs + " ----\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.startAppending(name, distribution.command(), distribution.environment(environment),
                distribution.base(), log);
    }

    /** Polls {@code /api/info} until it answers 200; fails at once if the JVM exits or the deployment fails. */
    void awaitReady(Duration timeout) {
        Containers.awaitReady(process, HTTP, baseUri().resolve("api/info"), timeout);
    }

    /** SIGTERM without waiting, so that a cluster stops all its nodes at once. */
    void signalStop() {
        if (isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    private ProcessHandle jvm() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        ProcessHandle child = ProcessHandle.of(process.pid())
                .orElseThrow(() -> new AssertionError(name + " (pid " + process.pid() + ") is not running"));
        if (isJava(child)) {
            return child;
        }
        return child.descendants().filter(TomcatNode::isJava).findFirst()
                .orElseThrow(() -> new AssertionError("no JVM under " + name + "'s process " + child.pid()
                        + " (" + child.info().command().orElse("?") + ")"));
    }

    private static boolean isJava(ProcessHandle handle) {
        Optional<String> command = handle.info().command();
        return command.map(c -> c.endsWith("/java")).orElse(false);
    }
}
