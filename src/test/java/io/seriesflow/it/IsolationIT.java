package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.ShippedTomcatConfig;
import io.seriesflow.testkit.StalledClient;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One stalled client beside 50 fast ones, in both send modes: the fast ones keep their rate and latency, the
 * stalled one is closed as too slow (4008), and the server's queued bytes stay within the limit. With
 * asynchronous sends the stalled client's queue overflows first (points dropped, then the lag check closes it);
 * with blocking sends its write runs out of time first (one send thread held for the send timeout). The blocking
 * case runs with the connector tuning the Tomcat image ships (its blocking I/O path bounds the write).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FAST_CLIENTS = 50;
    /** About 220 points of the compatible mode. */
    private static final int QUEUE_BYTES = 16_384;

    @ParameterizedTest(name = "send mode {0}")
    @ValueSource(strings = {"blocking", "async"})
    void aStalledClientCannotHurtFiftyFastOnes(String sendMode) throws Exception {
        Map<String, String> params = Map.of("seriesflow.tick-interval-ms", "10", "seriesflow.generators", "none",
                "seriesflow.client-queue-bytes", Integer.toString(QUEUE_BYTES),
                // Blocking: a lag limit far beyond the test, so only the send timeout can close the stalled client.
                "seriesflow.client-max-lag-ms", sendMode.equals("blocking") ? "600000" : "4000",
                "seriesflow.send-mode", sendMode);
        Map<String, String> connector = new HashMap<>(sendMode.equals("blocking")
                ? ShippedTomcatConfig.connectorProperties() : Map.of());
        connector.put("socket.txBufSize", "4096");
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", params, connector);
             StalledClient stalled = StalledClient.connect("127.0.0.1", tomcat.port(), "/ws", "seriesflow.v1")) {
            stalled.sendText("{\"type\":\"subscribe\",\"stream\":\"demo\"}");
            List<WsTestClient> fast = new ArrayList<>();
            try {
                for (int i = 0; i < FAST_CLIENTS; i++) {
                    fast.add(WsTestClient.connect(HTTP, tomcat.wsUri()));
                }
                Awaits.await("every fast client to receive", Duration.ofSeconds(20),
                        () -> fast.stream().allMatch(c -> c.count() > 20));
                int[] start = fast.stream().mapToInt(WsTestClient::count).toArray();
                long startNanos = System.nanoTime();
                long maxQueued = 0;
                while (System.nanoTime() - startNanos < Duration.ofSeconds(10).toNanos()) {
                    JsonObject clients = Http.getJson(HTTP, tomcat.baseUri().resolve("api/info"))
                            .getJsonObject("clients");
                    maxQueued = Math.max(maxQueued, clients.getJsonNumber("queuedBytes").longValue());
                    long sampled = System.nanoTime();
                    Awaits.await("half a second between samples", Duration.ofSeconds(2),
                            () -> System.nanoTime() - sampled >= 500_000_000L);
                }
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                double expected = seconds * 100;
                double worstRate = Double.MAX_VALUE;
                for (int i = 0; i < FAST_CLIENTS; i++) {
                    worstRate = Math.min(worstRate, (fast.get(i).count() - start[i]) / expected);
                }
                double p99 = p99LatencyMillis(fast);
                System.out.printf("IsolationIT (%s): worst fast-client rate %.3f, p99 latency %.1f ms, max queued %d%n",
                        sendMode, worstRate, p99, maxQueued);
                assertTrue(worstRate >= 0.95, "every fast client kept >= 95% of the rate; worst " + worstRate);
                assertTrue(p99 < 250, "fast clients' p99 latency " + p99 + " ms");
                assertTrue(maxQueued <= (long) (FAST_CLIENTS + 1) * QUEUE_BYTES,
                        "queued bytes stay bounded: " + maxQueued);

                JsonObject clients = Awaits.awaitValue("the stalled client to be closed as slow",
                        Duration.ofSeconds(20), () -> {
                            JsonObject c = Http.getJson(HTTP, tomcat.baseUri().resolve("api/info"))
                                    .getJsonObject("clients");
                            return c.getJsonObject("closed").getInt("slow-consumer") == 1 ? c : null;
                        }, () -> Http.getJson(HTTP, tomcat.baseUri().resolve("api/info")).getJsonObject("clients")
                                .toString());
                assertEquals(FAST_CLIENTS, clients.getInt("connections"));
                if (sendMode.equals("async")) {
                    assertTrue(clients.getJsonNumber("droppedPoints").longValue() > 0,
                            "the stalled client's queue overflowed first: " + clients);
                }
                StalledClient.Drained drained = stalled.drain();
                // A timed-out blocking write leaves Tomcat closing the session itself (1001, if the frame gets
                // through at all); the engine's own close is 4008.
                assertTrue(drained.closeCode() == 4008 || drained.closeCode() == 1001 || drained.closeCode() == -1,
                        "the stalled client is closed with 4008 or 1001, or cut off: " + drained.closeCode());
            } finally {
                fast.forEach(WsTestClient::close);
            }
        }
    }

    /** Arrival wall-clock time minus each point's ts, over the last 500 frames of every fast client. */
    private static double p99LatencyMillis(List<WsTestClient> clients) {
        long nanoToWall = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        List<Long> latencies = new ArrayList<>();
        for (WsTestClient client : clients) {
            // One snapshot: the client keeps receiving while this runs.
            List<WsTestClient.Received> messages = client.messages();
            for (int i = Math.max(0, messages.size() - 500); i < messages.size(); i++) {
                long arrivalMillis = (messages.get(i).nanos() + nanoToWall) / 1_000_000L;
                latencies.add(arrivalMillis - StreamAssertions.Frame.parse(messages.get(i).text()).ts());
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.floor(sorted.length * 0.99)];
    }

}
