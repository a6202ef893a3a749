package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.BuiltImage;
import io.seriesflow.testkit.Command;
import io.seriesflow.testkit.DockerEngine;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.ImageReference;
import io.seriesflow.testkit.PageAssets;
import io.seriesflow.testkit.RunningContainer;
import io.seriesflow.testkit.StandInImages;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both images, built from the repository's Dockerfiles unchanged (as the README builds them) and run as a user
 * runs them: a setting passed with {@code -e} reaches the application, the page, its scripts and {@code /ws}
 * answer, the health check passes without curl or wget, the heap follows the container's memory limit, the
 * process is not root, logs go to stdout, and {@code docker stop} closes clients with 1001 and ends the container
 * before the grace period. Where the official base images cannot be pulled, stand-ins are built first
 * ({@link StandInImages}); the test log says which base each build used.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DockerImageIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of("target/docker-stand-in");
    private static final long MAX_CONTEXT_BYTES = 20_000_000;
    private static final long MEMORY_LIMIT = 1L << 30;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String PROBE = "/usr/local/bin/seriesflow-healthcheck";
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

    /** One of the repository's images: its Dockerfile, the application's path in it and its share of memory. */
    record Image(String name, Path dockerfile, String contextPath, int heapPercent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Image> images() {
        return Stream.of(new Image("tomcat", Path.of("docker/tomcat/Dockerfile"), "/", 75),
                new Image("payara", Path.of("docker/payara/Dockerfile"), "/seriesflow/", 70));
    }

    @BeforeAll
    static void requireDocker() {
        DockerEngine.requireRunning();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void buildsFromTheRepositoryDockerfileAndRunsLikeAServer(Image image) {
        StandInImages.Origin origin = StandInImages.ensure(ImageReference.baseOf(image.dockerfile()), WORK);
        BuiltImage built = BuiltImage.build(image.dockerfile(),
                "seriesflow-it/" + image.name() + ":" + ProcessHandle.current().pid());
        try {
            System.out.printf("[docker] %s: build context %,d bytes, image %s bytes%n", image, built.contextBytes(),
                    DockerEngine.docker("image", "inspect", "--format", "{{.Size}}", built.reference()));
            assertTrue(built.contextBytes() < MAX_CONTEXT_BYTES, "build context: " + built.contextBytes() + " bytes");
            declaresUserAndHealthCheck(built.reference(), image);
            try (RunningContainer container = RunningContainer.start(built.reference(), List.of(
                    "--env", "SERIESFLOW_TICK_INTERVAL_MS=50", "--memory", Long.toString(MEMORY_LIMIT),
                    "--health-interval", "2s"))) {
                try {
                    runsLikeAServer(image, container, origin);
                } catch (AssertionError | RuntimeException e) {
                    System.err.println(container.logTail(150));
                    throw e;
                }
            }
        } finally {
            DockerEngine.removeImage(built.reference());
        }
    }

    private static void runsLikeAServer(Image image, RunningContainer container, StandInImages.Origin origin) {
        URI base = container.uri(image.contextPath());
        container.awaitAnswer(HTTP, base.resolve("api/info"), Duration.ofSeconds(120));
        JsonObject info = Http.getJson(HTTP, base.resolve("api/info"));
        assertEquals(50, demoIntervalMillis(info), "SERIESFLOW_TICK_INTERVAL_MS from docker run -e: " + info);
        URI ws = URI.create("ws://127.0.0.1:" + container.hostPort() + image.contextPath() + "ws");
        StreamAssertions.twoClientsReceiveIdenticalSequencesAtTheRate(HTTP, ws, Duration.ofMillis(50), 40);
        PageAssets.pageAndAssetsAnswer(HTTP, base);

        Awaits.await("Docker to report the container healthy", Duration.ofSeconds(60),
                () -> "healthy".equals(container.inspect("{{.State.Health.Status}}")),
                () -> container.inspect("{{json .State.Health}}"));
        Command.Outcome missingPage = container.exec("bash", PROBE, image.contextPath() + "no-such-page", "8080");
        assertNotEquals(0, missingPage.exitCode(), "the probe fails on a 404: " + missingPage.output());
        if (origin == StandInImages.Origin.STAND_IN) {
            assertNotEquals(0, container.exec("sh", "-c", "command -v curl || command -v wget").exitCode(),
                    "the stand-in base has neither curl nor wget, so 'healthy' shows the probe needs neither");
        }

        String pid1 = container.exec("cat", "/proc/1/status").requireSuccess();
        String uids = pid1.lines().filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
        assertTrue(Stream.of(uids.substring(4).strip().split("\\s+")).noneMatch("0"::equals),
                "the server (PID 1) does not run as root: " + uids);

        String logs = container.logs();
        Matcher maxHeap = MAX_HEAP.matcher(logs);
        assertTrue(maxHeap.find(), "the JVM prints the flags it settled on (-XX:+PrintCommandLineFlags)");
        long expected = MEMORY_LIMIT * image.heapPercent() / 100;
        assertTrue(Math.abs(Long.parseLong(maxHeap.group(1)) - expected) < MEMORY_LIMIT / 100,
                "max heap " + maxHeap.group(1) + " is " + image.heapPercent() + "% of the 1 GiB limit");
        assertTrue(logs.contains("Seriesflow started"), "the application's log reaches docker logs (stdout)");

        dockerStopClosesClientsWithGoingAwayWithinTheGracePeriod(container, ws);
    }

    private static void declaresUserAndHealthCheck(String reference, Image image) {
        String user = DockerEngine.docker("image", "inspect", "--format", "{{.Config.User}}", reference);
        assertFalse(user.isEmpty() || user.equals("root") || user.equals("0") || user.startsWith("0:"),
                "the image names a non-root user: '" + user + "'");
        assertEquals("[\"CMD\",\"bash\",\"" + PROBE + "\",\"" + image.contextPath() + "health/ready\",\"8080\"]",
                DockerEngine.docker("image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", reference));
    }

    private static void dockerStopClosesClientsWithGoingAwayWithinTheGracePeriod(RunningContainer container, URI ws) {
        try (WsTestClient client = WsTestClient.connect(HTTP, ws)) {
            Awaits.await("frames before the stop", Duration.ofSeconds(10), () -> client.count() > 2);
            RunningContainer.Stopped stopped = container.stop(STOP_GRACE);
            WsTestClient.Closed closed = client.closed().orTimeout(10, TimeUnit.SECONDS).join();
            assertEquals(1001, closed.code(), closed.toString());
            System.out.printf("[docker] docker stop took %d ms, exit code %d%n", stopped.took().toMillis(),
                    stopped.exitCode());
            assertTrue(stopped.took().compareTo(STOP_GRACE) < 0, "stopped within the grace period: " + stopped);
            assertEquals(143, stopped.exitCode(), "the JVM ended on SIGTERM itself (137 would be SIGKILL): " + stopped);
            assertFalse(stopped.oomKilled(), stopped.toString());
        }
    }

    private static long demoIntervalMillis(JsonObject info) {
        return info.getJsonArray("sources").getValuesAs(JsonObject.class).stream()
                .filter(source -> source.getString("stream").equals("demo")).findFirst().orElseThrow()
                .getJsonNumber("intervalMs").longValue();
    }
}
