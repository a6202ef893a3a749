package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mvn -Prun package} behaves like a server: SIGTERM to Maven alone (what an IDE's stop button sends) stops
 * the Tomcat it started, gracefully, so the port is free again. Runs the profile's server goal with this build's
 * Maven, offline: the WAR and Tomcat are already in place at this phase.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunProfileIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));

    @Test
    void sigtermToMavenStopsTomcatGracefully() {
        int port = FreePort.find();
        List<String> command = List.of(Path.of(System.getProperty("seriesflow.maven.home", "")).resolve("bin/mvn")
                        .toString(), "--batch-mode", "--offline", "-Prun",
                "-Dmaven.repo.local=" + System.getProperty("seriesflow.maven.repo", ""),
                "-Dseriesflow.port=" + port, "exec:exec@run-server");
        Path project = Path.of("").toAbsolutePath();
        List<ProcessHandle> forked = new ArrayList<>();
        try (ChildProcess maven = ChildProcess.start("mvn -Prun", command, Map.of(), project,
                WORK.toAbsolutePath().resolve("run-profile-" + port + ".log"))) {
            try {
                Containers.awaitReady(maven, HTTP, URI.create("http://127.0.0.1:" + port + "/api/info"),
                        Duration.ofSeconds(120));
                forked.addAll(ProcessHandle.of(maven.pid()).orElseThrow().descendants().toList());
                ProcessHandle tomcat = forked.stream().filter(RunProfileIT::isTomcat).findFirst()
                        .orElseThrow(() -> new AssertionError("no Tomcat process under Maven"));

                try (WsTestClient client = WsTestClient.connect(HTTP, URI.create("ws://127.0.0.1:" + port + "/ws"))) {
                    Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 2);
                    assertTrue(maven.stop(Duration.ofSeconds(30)), "Maven ended on SIGTERM");
                    WsTestClient.Closed closed = client.closed().orTimeout(30, TimeUnit.SECONDS).join();
                    assertEquals(1001, closed.code(), "Tomcat shut the application down: " + closed);
                }
                Awaits.await("Tomcat to exit", Duration.ofSeconds(40), () -> !tomcat.isAlive());
                assertEquals(-1, Http.statusOrMinusOne(HTTP, URI.create("http://127.0.0.1:" + port + "/")),
                        "the port is free again");
            } catch (AssertionError | RuntimeException e) {
                System.err.println(maven.logTail(80));
                throw e;
            }
        } finally {
            // After a failure the processes Maven forked may outlive it: end them rather than leave them on the port.
            forked.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean isTomcat(ProcessHandle process) {
        return process.info().arguments().map(List::of)
                .map(arguments -> arguments.contains("org.apache.catalina.startup.Bootstrap")).orElse(false);
    }
}
