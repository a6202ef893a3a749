package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PayaraMicro;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

/**
 * The same WAR in Payara Micro 6 and 7 (Jakarta EE 10 and 11, with CDI and Jakarta Concurrency): the
 * container's managed scheduled executor and CDI must be the ones used.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PayaraMicroIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "container-token";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));

    /** Payara Micro 6 (EE 10) on this JDK and Payara Micro 7 (EE 11), which needs Java 21 or later. */
    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of(Path.of(System.getProperty("seriesflow.payara.jar", "")),
                        Path.of(System.getProperty("java.home"))),
                Arguments.of(Path.of(System.getProperty("seriesflow.payara7.jar", "")),
                        Path.of(System.getProperty("seriesflow.java21plus.home",
                                "/usr/lib/jvm/temurin-25-jdk-amd64"))));
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void streamsOnTheManagedExecutorWithTheCdiLoadedDatasetAndClosesClientsOnStop(Path jar, Path javaHome) {
        requireJdk(javaHome);
        int port = FreePort.find();
        try (ChildProcess payara = PayaraMicro.start(jar, javaHome, WORK, port, Map.of("SERIESFLOW_TICK_INTERVAL_MS",
                "50",
                "SERIESFLOW_PUBLISH_TOKEN", TOKEN))) {
            try {
                URI base = PayaraMicro.baseUri(port);
                Containers.awaitReady(payara, HTTP, base.resolve("api/info"), Duration.ofSeconds(150));

                JsonObject info = Http.getJson(HTTP, base.resolve("api/info"));
                assertTrue(info.getJsonObject("scheduler").getBoolean("managed"), info.toString());
                assertEquals("async", info.getJsonObject("sends").getString("mode"), "auto elsewhere than Tomcat");
                assertEquals("sendText", info.getJsonObject("sends").getString("textWrites"), info.toString());
                assertEquals("cdi", info.getJsonObject("dataset").getString("loadedBy"), info.toString());
                assertTrue(payara.logContains(
                        "Scheduler: container-managed java:comp/DefaultManagedScheduledExecutorService"),
                        "the startup log names the managed executor");
                assertEquals(200, Http.get(HTTP, base).statusCode(), "the page");

                URI ws = URI.create("ws://127.0.0.1:" + port + "/seriesflow/ws");
                StreamAssertions.twoClientsReceiveIdenticalSequencesAtTheRate(HTTP, ws, Duration.ofMillis(50), 40);
                StreamAssertions.ingestThenReceiveAndResume(HTTP, base, ws, TOKEN);
                StreamAssertions.handshakeRefusals(port, "/seriesflow");
                HttpSurfaceChecks.apiAnswersAreProblems(HTTP, base);
                HttpSurfaceChecks.errorPagesAreMinimal(HTTP, base);
                PageChecks.pageShowsLiveSeries(base, List.of("demo", "sine"));
                ReachChecks.eventStreamResumes(base);
                ReachChecks.influxWriteLands(HTTP, base, TOKEN);
                OperationsChecks.healthIsLiveAndReady(HTTP, base);
                OperationsChecks.metricsFollowClientsAndPoints(HTTP, base, ws, TOKEN);

                try (WsTestClient client = WsTestClient.connect(HTTP, ws)) {
                    Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 2);
                    List<Integer> stopping = OperationsChecks.readinessFailsFromTheStopOn(port,
                            "/seriesflow/health/ready", () -> payara.stop(Duration.ofSeconds(60)));
                    assertTrue(stopping.contains(503), "Payara answers 503 while it stops: " + stopping);
                    WsTestClient.Closed closed = client.closed().orTimeout(10, TimeUnit.SECONDS).join();
                    assertEquals(1001, closed.code(), closed.toString());
                }
            } catch (AssertionError | RuntimeException e) {
                System.err.println(payara.logTail(150));
                throw e;
            }
        }
    }

    /** A missing JDK skips loudly on a developer machine and fails in CI. */
    private static void requireJdk(Path javaHome) {
        boolean present = java.nio.file.Files.isExecutable(javaHome.resolve("bin").resolve("java"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs a JDK at " + javaHome + " (set -Djava21plus.home)");
        }
        if (!present) {
            System.err.println("SKIPPING a Payara run: no JDK at " + javaHome + "; set -Djava21plus.home");
        }
        Assumptions.assumeTrue(present, "no JDK at " + javaHome);
    }
}
