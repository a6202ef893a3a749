package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.RawHandshake;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every WebSocket mode end to end over real sockets on embedded Tomcat, with ingest feeding the streams. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtocolIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "protocol-token";
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.publish-token", TOKEN,
                "seriesflow.tick-interval-ms", "20", "seriesflow.generators", "none",
                "seriesflow.max-subscriptions", "2", "seriesflow.history-points", "50"), Map.of());
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static void publish(String stream, int from, int count) {
        StringBuilder csv = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            csv.append(i).append('\n');
        }
        int status = Http.post(HTTP, tomcat.baseUri().resolve("api/streams/" + stream + "/points"), "text/csv", TOKEN,
                csv.toString()).statusCode();
        assertEquals(200, status);
    }

    private static URI ws(String query) {
        return URI.create(tomcat.wsUri() + query);
    }

    @Test
    void compatibleModePicksTheStreamAndResumesFromSince() {
        publish("compat", 1, 30);
        try (WsTestClient client = WsTestClient.connect(HTTP, ws("?stream=compat&since=25"))) {
            Awaits.await("the replay", Duration.ofSeconds(10), () -> client.count() >= 5);
            publish("compat", 31, 3);
            Awaits.await("live points", Duration.ofSeconds(10), () -> client.count() >= 8);
            assertEquals(LongStream.rangeClosed(26, 33).boxed().toList(),
                    StreamAssertions.frames(client).stream().map(StreamAssertions.Frame::seq).toList());
            assertEquals(31.0, StreamAssertions.frames(client).get(5).value());
        }
    }

    @Test
    void v1SubscribesToSeveralStreamsAndReceivesPublishedPointsInBatches() {
        try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            assertEquals("seriesflow.v1", client.raw().subprotocol());
            Awaits.await("hello", Duration.ofSeconds(10), () -> !client.controls("hello").isEmpty());
            client.raw().send("{\"type\":\"time\"}");
            Awaits.await("the time reply", Duration.ofSeconds(10), () -> !client.controls("time").isEmpty());
            long serverTime = client.controls("time").get(0).getJsonNumber("serverTime").longValue();
            assertTrue(Math.abs(serverTime - System.currentTimeMillis()) < 5_000, "serverTime " + serverTime);
            client.subscribe("v1-a");
            client.subscribe("demo");
            Awaits.await("an unknown-stream error", Duration.ofSeconds(10),
                    () -> !client.controls("error").isEmpty());
            assertEquals("unknown-stream", client.controls("error").get(0).getString("code"));

            publish("v1-a", 1, 5);
            client.subscribe("v1-a");
            Awaits.await("subscribed replies", Duration.ofSeconds(10), () -> client.controls("subscribed").size() == 2);
            publish("v1-a", 6, 300);
            Awaits.await("300 points of v1-a", Duration.ofSeconds(10), () -> client.seqs("v1-a").size() == 300);
            assertEquals(LongStream.rangeClosed(6, 305).boxed().toList(), client.seqs("v1-a"));
            assertTrue(client.controls("points").stream().anyMatch(p -> p.getString("stream").equals("v1-a")
                    && p.getJsonArray("points").size() == 300), "one publish, one batch");
            Awaits.await("demo points", Duration.ofSeconds(10), () -> client.seqs("demo").size() > 5);

            publish("v1-b", 1, 1);
            client.subscribe("v1-b");
            Awaits.await("the subscription limit", Duration.ofSeconds(10), () -> client.controls("error").size() == 2);
            assertEquals("subscription-limit", client.controls("error").get(1).getString("code"));
            client.unsubscribe("demo");
            Awaits.await("unsubscribed", Duration.ofSeconds(10), () -> !client.controls("unsubscribed").isEmpty());
            client.raw().send("{\"type\":\"subscribe\",\"stream\":\"Bad Name\"}");
            client.raw().send("not json");
            Awaits.await("bad-message errors", Duration.ofSeconds(10), () -> client.controls("error").size() == 4);
            assertEquals("bad-message", client.controls("error").get(3).getString("code"));
        }
    }

    @Test
    void binaryModeDeliversTypedArrayFrames() {
        publish("bin", 1, 10);
        try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.bin.v1")) {
            client.subscribe("bin", 0, null);
            Awaits.await("the replay", Duration.ofSeconds(10), () -> client.seqs("bin").size() == 10);
            publish("bin", 11, 5);
            Awaits.await("live points", Duration.ofSeconds(10), () -> client.seqs("bin").size() == 15);
            List<V1Client.ReceivedPoint> points = client.points();
            assertEquals(LongStream.rangeClosed(1, 15).boxed().toList(), client.seqs("bin"));
            assertEquals(14.0, points.get(13).value());
            assertTrue(client.raw().messages().stream().anyMatch(m -> !m.isText()), "points came as binary");
            assertTrue(Math.abs(points.get(14).ts() - System.currentTimeMillis()) < 60_000, "ts rebuilt from base");
        }
    }

    @Test
    void reconnectingWithSinceLosesNothingAndDuplicatesNothing() {
        String epoch;
        long last;
        try (V1Client first = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            first.subscribe("demo");
            Awaits.await("some demo points", Duration.ofSeconds(10), () -> first.seqs("demo").size() >= 10);
            epoch = first.controls("subscribed").get(0).getString("epoch");
            List<Long> seqs = first.seqs("demo");
            last = seqs.get(seqs.size() - 1);
        }
        try (V1Client second = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            second.subscribe("demo", last, epoch);
            Awaits.await("replay and live", Duration.ofSeconds(10), () -> second.seqs("demo").size() >= 20);
            List<Long> seqs = second.seqs("demo");
            assertEquals(LongStream.range(last + 1, last + 1 + seqs.size()).boxed().toList(), seqs);
            assertTrue(second.controls("gap").isEmpty());
            assertTrue(second.controls("reset").isEmpty());
        }
    }

    @Test
    void resumingOlderThanHistoryGetsAGapAndAnotherEpochGetsAReset() {
        publish("short", 1, 80);
        try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            client.subscribe("short", 10, null);
            Awaits.await("the replay", Duration.ofSeconds(10), () -> client.seqs("short").size() == 50);
            JsonObject gap = client.controls("gap").get(0);
            assertEquals(11, gap.getInt("from"));
            assertEquals(30, gap.getInt("to"));
            assertEquals("history", gap.getString("reason"));
            assertEquals(31, client.seqs("short").get(0));
        }
        try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            client.subscribe("short", 70, "an-epoch-from-before-a-restart");
            Awaits.await("the reset and replay", Duration.ofSeconds(10), () -> client.seqs("short").size() == 50);
            assertEquals("an-epoch-from-before-a-restart", client.controls("reset").get(0).getString("previousEpoch"));
        }
    }

    @Test
    void badHandshakesAreRefusedWithTheirDocumentedStatus() throws Exception {
        String host = "127.0.0.1:" + tomcat.port();
        assertEquals(400, RawHandshake.status(tomcat.port(), "/ws?since=-4", Map.of()));
        assertEquals(400, RawHandshake.status(tomcat.port(), "/ws?stream=No!", Map.of()));
        assertEquals(404, RawHandshake.status(tomcat.port(), "/ws?stream=missing", Map.of()));
        assertEquals(403, RawHandshake.status(tomcat.port(), "/ws", Map.of("Origin", "http://evil.example")));
        assertEquals(101, RawHandshake.status(tomcat.port(), "/ws", Map.of("Origin", "http://" + host)));
        assertEquals(101, RawHandshake.status(tomcat.port(), "/ws", Map.of()), "non-browser clients send no Origin");
    }

    @Test
    void upgradesInAnyShapeTheContainerAcceptsAreChecked() throws Exception {
        Map<String, String> evil = Map.of("Origin", "http://evil.example");
        int port = tomcat.port();
        assertEquals(403, RawHandshake.status(port, "/ws", List.of("websocket, h2c"), evil));
        assertEquals(403, RawHandshake.status(port, "/ws", List.of("h2c", "WebSocket"), evil));
        assertEquals(400, RawHandshake.status(port, "/ws?since=x", List.of("h2c,websocket"), Map.of()));
        assertEquals(403, RawHandshake.status(port, "/ws", Map.of("Origin", "null")), "Origin: null is refused");
        assertEquals(403, RawHandshake.status(port, "/ws", Map.of("Origin", "http://127.0.0.1:" + (port + 1))));
        assertEquals(101, RawHandshake.status(port, "/ws", List.of("h2c", "websocket"),
                Map.of("Origin", "http://127.0.0.1:" + port)));
    }

    @Test
    void anOversizedMessageClosesTheConnectionWith1009() {
        try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            // Once the hello is in, no frame of ours is being written when the container closes: a close that
            // races a frame being written can only be abnormal (1006).
            Awaits.await("the hello", Duration.ofSeconds(10), () -> !client.controls("hello").isEmpty());
            client.raw().send("{\"type\":\"subscribe\",\"stream\":\"" + "x".repeat(5_000) + "\"}");
            WsTestClient.Closed closed = client.raw().closed().orTimeout(10, TimeUnit.SECONDS).join();
            assertEquals(1009, closed.code(), closed.toString());
        }
    }
}
