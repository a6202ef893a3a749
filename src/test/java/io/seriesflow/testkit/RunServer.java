package io.seriesflow.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code mvn -Prun package}: runs the freshly built WAR as the root application of the real Tomcat distribution
 * the build fetched, on http://localhost:8080/ (or {@code -Dseriesflow.port}), with the demo stream. Tomcat's
 * output goes to this console; Ctrl-C, or SIGTERM to Maven (an IDE's stop button), stops it gracefully.
 */
public final class RunServer {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private RunServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(System.getProperty("seriesflow.port", "8080"));
        ensureFree(port);
        TomcatDistribution tomcat = TomcatDistribution.prepare(
                Path.of(System.getProperty("seriesflow.work", "target/run")), port, "ROOT");
        ProcessBuilder builder = new ProcessBuilder(tomcat.command()).directory(tomcat.base().toFile()).inheritIO();
        builder.environment().putAll(tomcat.environment(Map.of()));
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "seriesflow-run-stop"));
        followMavenOut();
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://localhost:" + port + "/";
        Awaits.await("Tomcat to serve " + url, Duration.ofSeconds(60),
                () -> !process.isAlive() || Http.statusOrMinusOne(http, tomcat.baseUri().resolve("api/info")) == 200);
        if (process.isAlive()) {
            System.out.println();
            System.out.println("  Seriesflow is running on " + url + "  (Ctrl-C to stop)");
            System.out.println();
        }
        System.exit(process.waitFor());
    }

    /**
     * An IDE's stop button sends SIGTERM to Maven alone, and Maven does not pass it on to this forked process: when
     * Maven (the parent) is gone, exit too, so the shutdown hook stops Tomcat instead of leaving it on the port.
     */
    private static void followMavenOut() {
        ProcessHandle.current().parent().ifPresent(maven -> maven.onExit().thenRun(() -> {
            System.out.println("Maven has stopped: stopping Tomcat");
            System.exit(0);
        }));
    }

    /** SIGTERM (Tomcat shuts down gracefully, closing clients with 1001), then waits for it to finish. */
    private static void stop(Process tomcat) {
        tomcat.destroy();
        try {
            if (!tomcat.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("Tomcat did not stop within " + STOP_TIMEOUT.toSeconds() + " s: killing it");
                tomcat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tomcat.destroyForcibly();
        }
    }

    private static void ensureFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " is taken; choose another with -Dseriesflow.port=NNNN", e);
        }
    }
}
