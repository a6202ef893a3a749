package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PageAssets;
import io.seriesflow.testkit.PayaraServer;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WAR in the full Payara Server 6 distribution, deployed the two ways an administrator does: dropped into
 * domain1's {@code autodeploy/} directory, and with {@code asadmin deploy}. Either way the streams run on the
 * server's managed scheduled executor with the dataset loaded by CDI, and undeploying closes clients with 1001 and
 * leaves no {@code seriesflow-*} thread behind.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PayaraServerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "container-token";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));
    private static final Path WAR = Path.of(System.getProperty("seriesflow.war", "target/seriesflow.war"));

    @Test
    void autodeployedAndAsadminDeployedWarStreamsOnTheManagedExecutorWithCdi() {
        Path home = Path.of(System.getProperty("seriesflow.payara-server.home", ""));
        try (PayaraServer server = PayaraServer.start(home, WORK,
                Map.of("SERIESFLOW_TICK_INTERVAL_MS", "50", "SERIESFLOW_PUBLISH_TOKEN", TOKEN))) {
            try {
                URI base = server.baseUri();
                URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/seriesflow/ws");

                Path dropped = server.autodeployDirectory().resolve("seriesflow.war");
                copy(WAR, dropped);
                awaitAutodeployed(server, base.resolve("api/info"));
                runsOnTheManagedExecutorWithCdi(base);
                PageAssets.pageAndAssetsAnswer(HTTP, base);
                StreamAssertions.twoClientsReceiveIdenticalSequencesAtTheRate(HTTP, ws, Duration.ofMillis(50), 40);
                StreamAssertions.ingestThenReceiveAndResume(HTTP, base, ws, TOKEN);
                undeployClosesClientsAndLeavesNoThread(server, ws, () -> delete(dropped));

                server.asadmin("deploy", "--name", "seriesflow", "--contextroot", "seriesflow",
                        WAR.toAbsolutePath().toString()).requireSuccess();
                assertEquals(200, Http.statusOrMinusOne(HTTP, base.resolve("api/info")),
                        "deployed once asadmin returns");
                runsOnTheManagedExecutorWithCdi(base);
                undeployClosesClientsAndLeavesNoThread(server, ws,
                        () -> server.asadmin("undeploy", "seriesflow").requireSuccess());

                assertFalse(server.log().contains("SEVERE"), "no SEVERE entry in the server log");
            } catch (AssertionError | RuntimeException e) {
                System.err.println(server.logTail(150));
                throw e;
            }
        }
    }

    private static void awaitAutodeployed(PayaraServer server, URI info) {
        Path failed = server.autodeployDirectory().resolve("seriesflow.war_deployFailed");
        Awaits.await("the autodeployed application to answer", Duration.ofSeconds(120), () -> {
            if (Files.exists(failed)) {
                throw new AssertionError("autodeploy failed\n" + server.logTail(80));
            }
            return Http.statusOrMinusOne(HTTP, info) == 200;
        }, () -> server.logTail(20));
    }

    private static void runsOnTheManagedExecutorWithCdi(URI base) {
        JsonObject info = Http.getJson(HTTP, base.resolve("api/info"));
        assertTrue(info.getString("container").startsWith("Payara Server 6"), info.toString());
        assertTrue(info.getJsonObject("scheduler").getBoolean("managed"), "the managed executor: " + info);
        assertEquals("cdi", info.getJsonObject("dataset").getString("loadedBy"), info.toString());
        assertEquals("async", info.getJsonObject("sends").getString("mode"), "auto outside Tomcat");
    }

    private static void undeployClosesClientsAndLeavesNoThread(PayaraServer server, URI ws, Runnable undeploy) {
        try (WsTestClient client = WsTestClient.connect(HTTP, ws)) {
            Awaits.await("frames before the undeploy", Duration.ofSeconds(10), () -> client.count() > 2);
            undeploy.run();
            WsTestClient.Closed closed = client.closed().orTimeout(30, TimeUnit.SECONDS).join();
            assertEquals(1001, closed.code(), closed.toString());
        }
        URI info = server.baseUri().resolve("api/info");
        Awaits.await("the undeploy to finish", Duration.ofSeconds(30), () -> Http.statusOrMinusOne(HTTP, info) == 404);
        List<String> threads = Containers.threadNames(server.pid());
        assertTrue(threads.stream().noneMatch(name -> name.startsWith("seriesflow-")), threads.toString());
    }

    /** Copies beside the directory, then moves it in whole, so the deployer never sees a half-written WAR. */
    private static void copy(Path from, Path to) {
        try {
            Path staged = to.getParent().resolveSibling(to.getFileName() + ".staged");
            Files.copy(from, staged);
            Files.move(staged, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
