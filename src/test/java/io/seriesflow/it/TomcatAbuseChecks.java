package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.LiveHeap;
import io.seriesflow.testkit.RawHandshake;
import io.seriesflow.testkit.StalledClient;
import io.seriesflow.testkit.TomcatDistribution;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What a hostile or broken client can make the server hold, checked against the built WAR in the real Tomcat 11
 * distribution: with its stock configuration (the WAR dropped into an unmodified Tomcat) and with the shipped one.
 * Each check measures the container's live heap with jcmd after a full collection, or the latency healthy clients
 * see, against the bounds the application promises.
 */
abstract class TomcatAbuseChecks {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "abuse-token-51e2";
    private static final long MIB = 1024 * 1024;

    private static ChildProcess process;
    private static TomcatDistribution tomcat;

    static void start(boolean shippedConfiguration) {
        int port = FreePort.find();
        Path work = Path.of(System.getProperty("seriesflow.work", "target/it-work"),
                shippedConfiguration ? "abuse-shipped" : "abuse-stock");
        tomcat = shippedConfiguration ? TomcatDistribution.prepare(work, port, "ROOT")
                : TomcatDistribution.prepareStock(work, port, "ROOT");
        process = tomcat.start(Map.of("SERIESFLOW_PUBLISH_TOKEN", TOKEN, "SERIESFLOW_GENERATORS",
                "sine:sine:100,walk:random-walk:100"));
        Awaits.await("Tomcat to serve the application", Duration.ofSeconds(60),
                () -> !process.isAlive() || Http.statusOrMinusOne(HTTP, info()) == 200, () -> process.logTail(40));
        assertTrue(process.isAlive(), process.logTail(80));
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    static URI info() {
        return tomcat.baseUri().resolve("api/info");
    }

    private static URI ws() {
        return URI.create(tomcat.baseUri().toString().replaceFirst("^http", "ws") + "ws");
    }

    private static JsonObject clients() {
        return Http.getJson(HTTP, info()).getJsonObject("clients");
    }

    private static int port() {
        return tomcat.baseUri().getPort();
    }

    @Test
    void aHandshakeOfferingPermessageDeflateGetsNoExtension() throws IOException {
        String head = RawHandshake.responseHead(port(), "/ws", Map.of("Sec-WebSocket-Protocol", "seriesflow.v1",
                "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));

        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"), head);
    }

    @Test
    void oneConnectionFloodingControlMessagesIsCutOffAndTheHeapBarelyGrows(TestInfo test) throws Exception {
        long before = LiveHeap.usedAfterFullGc(process.pid());
        long sent = 0;
        boolean cutOff = false;
        try (StalledClient flood = StalledClient.connect("127.0.0.1", port(), "/ws", "seriesflow.v1")) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                try {
                    flood.sendText("{\"type\":\"time\"}");
                    sent++;
                } catch (IOException e) {
                    cutOff = true;
                    break;
                }
            }
        }
        long grown = LiveHeap.usedAfterFullGc(process.pid()) - before;
        JsonObject clients = clients();
        report(test, "flood: " + sent + " messages sent, cut off " + cutOff + ", heap grown "
                + grown / 1024 + " KiB, clients " + clients);

        assertTrue(grown <= 64 * MIB, "live heap grew by " + grown / MIB + " MiB");
        assertTrue(cutOff || clients.getJsonObject("closed").getInt("too-many-requests") >= 1,
                "the flooding connection was closed: " + clients);
    }

    @Test
    void sixteenClientsThatStopReadingDuringABurstCostTheReadersNothing(TestInfo test) throws Exception {
        String stream = "burst";
        assertEquals(200, publish(stream, 1).statusCode());
        List<StalledClient> stalled = new ArrayList<>();
        List<V1Client> readers = new ArrayList<>();
        try {
            for (int i = 0; i < Integer.getInteger("stalled", 16); i++) {
                StalledClient client = StalledClient.connect("127.0.0.1", port(), "/ws", "seriesflow.v1");
                client.sendText("{\"type\":\"subscribe\",\"stream\":\"" + stream + "\"}");
                stalled.add(client);
            }
            for (int i = 0; i < 10; i++) {
                V1Client reader = V1Client.connect(HTTP, ws(), System.getProperty("readers", "seriesflow.bin.v1"));
                reader.subscribe(stream);
                readers.add(reader);
            }
            Awaits.await("every reader subscribed", Duration.ofSeconds(20),
                    () -> readers.stream().allMatch(r -> !r.controls("subscribed").isEmpty()));
            long firstSeq = 2;
            for (int batch = 0; batch < 20; batch++) {
                long due = System.nanoTime() + 100_000_000L;
                assertEquals(200, publish(stream, 10_000).statusCode());
                Awaits.await("the next batch's turn", Duration.ofSeconds(5), () -> System.nanoTime() >= due);
            }
            long lastSeq = firstSeq + 200_000 - 1;
            for (V1Client reader : readers) {
                Awaits.await("a reader to receive seq " + lastSeq, Duration.ofSeconds(60),
                        () -> lastSeqOf(reader.raw()) >= lastSeq);
            }
            long worstMillis = 0;
            for (V1Client reader : readers) {
                List<V1Client.ReceivedPoint> points = reader.points();
                assertEquals(List.of(), reader.controls("gap"), "no reader was told of lost points");
                assertEquals(lastSeq - firstSeq + 1, points.size(), "every point once");
                for (int i = 0; i < points.size(); i++) {
                    assertEquals(firstSeq + i, points.get(i).seq(), "in order, without a hole");
                }
                worstMillis = Math.max(worstMillis, worstLatencyMillis(points));
            }
            report(test, "burst: worst reader latency " + worstMillis + " ms; clients " + clients());
            assertTrue(worstMillis <= 500, "readers' worst latency " + worstMillis + " ms");
        } finally {
            readers.forEach(V1Client::close);
            for (StalledClient client : stalled) {
                client.close();
            }
        }
    }

    @Test
    void nineHundredNinetyStreamsOfOnePointCostLittleHeap(TestInfo test) {
        long before = LiveHeap.usedAfterFullGc(process.pid());
        for (int i = 0; i < 990; i++) {
            assertEquals(200, publish("tiny-" + i, 1).statusCode());
        }
        long grown = LiveHeap.usedAfterFullGc(process.pid()) - before;
        report(test, "990 one-point streams: heap grown " + grown / 1024 + " KiB");

        assertTrue(grown <= 20 * MIB, "990 one-point streams cost " + grown / MIB + " MiB of live heap");
    }

    private static java.net.http.HttpResponse<String> publish(String stream, int points) {
        StringJoiner body = new StringJoiner("\n");
        for (int i = 0; i < points; i++) {
            body.add("{\"value\":" + i + "}");
        }
        return Http.post(HTTP, tomcat.baseUri().resolve("api/streams/" + stream + "/points"),
                "application/x-ndjson", TOKEN, body.toString());
    }

    /** The highest seq in the last points message received (binary or JSON), or 0. */
    private static long lastSeqOf(WsTestClient client) {
        List<WsTestClient.Received> messages = client.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            byte[] binary = messages.get(i).binary();
            if (binary != null) {
                java.nio.ByteBuffer frame = java.nio.ByteBuffer.wrap(binary).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                return (long) frame.getDouble(8) + frame.getInt(4) - 1;
            }
            String text = messages.get(i).text();
            if (text != null && text.startsWith("{\"type\":\"points\"")) {
                int start = text.lastIndexOf("],[") >= 0 ? text.lastIndexOf("],[") + 3 : text.indexOf("[[") + 2;
                return Long.parseLong(text.substring(start, text.indexOf(',', start)));
            }
        }
        return 0;
    }

    /** Arrival wall-clock time minus each point's server timestamp, the largest. */
    private static long worstLatencyMillis(List<V1Client.ReceivedPoint> points) {
        long nanoToWall = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        long worst = 0;
        for (V1Client.ReceivedPoint point : points) {
            worst = Math.max(worst, (point.arrivalNanos() + nanoToWall) / 1_000_000L - point.ts());
        }
        return worst;
    }

    private static void report(TestInfo test, String line) {
        System.out.println("[" + test.getTestClass().map(Class::getSimpleName).orElse("?") + "] " + line);
    }
}
