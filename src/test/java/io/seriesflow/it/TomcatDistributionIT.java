package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.TomcatDistribution;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

/** The WAR that {@code package} built, in the real Tomcat 11 and 10.1 distributions started as child processes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TomcatDistributionIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "container-token";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));

    /** The Tomcat lines the WAR must run on unchanged: 11 (Servlet 6.1) and 10.1 (Servlet 6.0, WebSocket 2.1). */
    static List<Path> distributions() {
        return List.of(Path.of(System.getProperty("seriesflow.tomcat.home", "")),
                Path.of(System.getProperty("seriesflow.tomcat10.home", "")));
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void streamsOnTheApplicationOwnedSchedulerAndUndeploysCleanly(Path home) {
        int port = FreePort.find();
        TomcatDistribution tomcat = TomcatDistribution.prepare(home, WORK, port, "seriesflow");
        try (ChildProcess process = tomcat.start(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "50",
                "SERIESFLOW_PUBLISH_TOKEN", TOKEN))) {
            try {
                URI base = tomcat.baseUri();
                Containers.awaitReady(process, HTTP, base.resolve("api/info"), Duration.ofSeconds(60));

                JsonObject info = Http.getJson(HTTP, base.resolve("api/info"));
                assertFalse(info.getJsonObject("scheduler").getBoolean("managed"), info.toString());
                assertEquals("blocking", info.getJsonObject("sends").getString("mode"), "auto on Tomcat");
                assertEquals("application", info.getJsonObject("dataset").getString("loadedBy"));
                String version = home.getFileName().toString().replace("apache-tomcat-", "");
                assertEquals("Apache Tomcat/" + version, info.getString("container"), info.toString());
                assertEquals(200, Http.get(HTTP, base).statusCode(), "the page");

                URI ws = URI.create("ws://127.0.0.1:" + port + "/seriesflow/ws");
                StreamAssertions.twoClientsReceiveIdenticalSequencesAtTheRate(HTTP, ws, Duration.ofMillis(50), 40);
                StreamAssertions.ingestThenReceiveAndResume(HTTP, base, ws, TOKEN);
                assertEquals("tomcat", Http.getJson(HTTP, base.resolve("api/info")).getJsonObject("sends")
                        .getString("textWrites"), "text frames went out pre-encoded through Tomcat's own write");
                StreamAssertions.handshakeRefusals(port, "/seriesflow");
                HttpSurfaceChecks.apiAnswersAreProblems(HTTP, base);
                HttpSurfaceChecks.errorPagesAreMinimal(HTTP, base);
                ReachChecks.eventStreamResumes(base);
                ReachChecks.influxWriteLands(HTTP, base, TOKEN);
                OperationsChecks.healthIsLiveAndReady(HTTP, base);
                OperationsChecks.metricsFollowClientsAndPoints(HTTP, base, ws, TOKEN);

                List<String> running = Containers.threadNames(process.pid());
                assertTrue(running.stream().anyMatch(n -> n.startsWith("seriesflow-scheduler-")),
                        "the application-owned scheduler runs: " + running);
                assertTrue(running.stream().anyMatch(n -> n.startsWith("seriesflow-send-")),
                        "the blocking send pool runs: " + running);
                try (WsTestClient client = WsTestClient.connect(HTTP, ws)) {
                    Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 2);
                    tomcat.removeWar();
                    WsTestClient.Closed closed = client.closed().orTimeout(40, TimeUnit.SECONDS).join();
                    assertEquals(1001, closed.code(), closed.toString());
                }
                Awaits.await("the undeploy to finish", Duration.ofSeconds(30),
                        () -> Http.statusOrMinusOne(HTTP, base.resolve("api/info")) == 404);
                List<String> threads = Containers.threadNames(process.pid());
                assertTrue(threads.stream().noneMatch(n -> n.startsWith("seriesflow-")), threads.toString());
                assertFalse(process.logContains("failed to stop it"), process.logTail(60));
                assertFalse(process.logContains("memory leak"), process.logTail(60));
            } catch (AssertionError | RuntimeException e) {
                System.err.println(process.logTail(120));
                throw e;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void stoppingTomcatClosesClientsWithGoingAway(Path home) {
        int port = FreePort.find();
        TomcatDistribution tomcat = TomcatDistribution.prepare(home, WORK, port, "seriesflow");
        try (ChildProcess process = tomcat.start(Map.of("SERIESFLOW_TICK_INTERVAL_MS", "50"))) {
            Containers.awaitReady(process, HTTP, tomcat.baseUri().resolve("api/info"), Duration.ofSeconds(60));
            try (WsTestClient client = WsTestClient.connect(HTTP,
                    URI.create("ws://127.0.0.1:" + port + "/seriesflow/ws"))) {
                Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 2);

                // Tomcat stops taking connections and closes the kept-alive ones as it stops.
                OperationsChecks.readinessFailsFromTheStopOn(port, "/seriesflow/health/ready",
                        () -> process.stop(Duration.ofSeconds(30)));

                WsTestClient.Closed closed = client.closed().orTimeout(10, TimeUnit.SECONDS).join();
                assertEquals(1001, closed.code(), closed + "\n" + process.logTail(40));
            }
        }
    }
}
