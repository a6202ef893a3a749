package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PrintLogsOnFailure;
import io.seriesflow.testkit.RedisServer;
import io.seriesflow.testkit.TomcatCluster;
import io.seriesflow.testkit.TomcatNode;
import io.seriesflow.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster test kit itself: two real Tomcat nodes and a real redis-server, all given the same settings, and
 * what a cluster test does to a node (kill the JVM, stop it, start it again on the same port). Says nothing yet
 * about how nodes share streams; the cluster tests written on this kit do.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TomcatClusterIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"))
            .resolve("tomcat-cluster");
    private static RedisServer redis;
    private static TomcatCluster cluster;

    @RegisterExtension
    static final PrintLogsOnFailure LOGS = new PrintLogsOnFailure(() -> (cluster == null ? "" : cluster.logTails(60))
            + "\n\n" + (redis == null ? "" : redis.logTail(20)));

    @BeforeAll
    static void startRedisAndTwoNodes() {
        redis = RedisServer.start(WORK.resolve("redis"));
        cluster = TomcatCluster.builder(WORK.resolve("nodes")).nodes(2)
                .environment("SERIESFLOW_REDIS_URL", redis.url())
                .environment("SERIESFLOW_PUBLISH_TOKEN", "cluster-token")
                .nodeEnvironment(index -> Map.of("SERIESFLOW_TICK_INTERVAL_MS", index == 0 ? "50" : "100"))
                .start();
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void everyNodeAnswersOnItsOwnPortWithTheSharedAndItsOwnSettings() {
        TomcatNode first = cluster.node(0);
        TomcatNode second = cluster.node(1);
        assertNotEquals(first.port(), second.port());
        assertNotEquals(first.catalinaBase(), second.catalinaBase());
        assertEquals(redis.url(), second.environment().get("SERIESFLOW_REDIS_URL"));
        assertEquals(50, demoIntervalMillis(first), "node-1's own setting");
        assertEquals(100, demoIntervalMillis(second), "node-2's own setting");
        assertEquals("ws://127.0.0.1:" + first.port() + "/ws", first.wsUri().toString());
        assertEquals("PONG", redis.call("PING").asText());
    }

    @Test
    void aKilledNodeDropsItsClientsAndComesBackOnTheSamePort() {
        TomcatNode node = cluster.node(0);
        long jvm = node.pid();
        assertTrue(ProcessHandle.of(jvm).flatMap(h -> h.info().command()).orElse("").endsWith("/java"),
                "the pid is the JVM's");
        try (WsTestClient client = WsTestClient.connect(HTTP, node.wsUri())) {
            Awaits.await("frames from node-1", Duration.ofSeconds(10), () -> client.count() > 2);
            node.kill();
            assertFalse(ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false), "the JVM is gone");
            String ending = client.closed().handle((closed, error) -> closed == null ? "error" : "" + closed.code())
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertNotEquals("1001", ending, "a killed JVM sends no close frame");
        }
        node.restart();
        assertNotEquals(jvm, node.pid());
        assertEquals(200, Http.get(HTTP, node.baseUri().resolve("api/info")).statusCode());
        assertTrue(node.logTail(10_000).contains("---- node-1: run 2 ----"), "both runs' logs are kept");
    }

    @Test
    void aStoppedNodeClosesItsClientsWithGoingAwayAndRestarts() {
        TomcatNode node = cluster.node(1);
        try (WsTestClient client = WsTestClient.connect(HTTP, node.wsUri())) {
            Awaits.await("frames from node-2", Duration.ofSeconds(10), () -> client.count() > 2);
            node.stop();
            assertEquals(1001, client.closed().orTimeout(10, TimeUnit.SECONDS).join().code());
        }
        assertFalse(node.isAlive());
        node.restart();
        assertEquals(200, Http.get(HTTP, node.baseUri()).statusCode(), "the page, on the same port");
    }

    private static long demoIntervalMillis(TomcatNode node) {
        return Http.getJson(HTTP, node.baseUri().resolve("api/info")).getJsonArray("sources")
                .getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(source -> source.getString("stream").equals("demo")).findFirst().orElseThrow()
                .getJsonNumber("intervalMs").longValue();
    }
}
