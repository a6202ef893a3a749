package io.seriesflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** The streaming checks every deployment test makes, whatever the container. */
public final class StreamAssertions {
    private StreamAssertions() {
    }

    /** A parsed compatible-mode frame. */
    public record Frame(long seq, long ts, double value) {
        public static Frame parse(String text) {
            JsonObject json = Json.createReader(new StringReader(text)).readObject();
            return new Frame(json.getJsonNumber("seq").longValueExact(), json.getJsonNumber("ts").longValueExact(),
                    json.getJsonNumber("value").doubleValue());
        }
    }

    public static List<Frame> frames(WsTestClient client) {
        return client.messages().stream().filter(WsTestClient.Received::isText).map(m -> Frame.parse(m.text()))
                .toList();
    }

    /**
     * Two clients connected to {@code ws} receive the same points in the same order, {@code seq} +1 each time,
     * at the configured interval (mean within 10%), for at least {@code count} points.
     */
    public static void twoClientsReceiveIdenticalSequencesAtTheRate(HttpClient http, URI ws, Duration interval,
                                                                    int count) {
        try (WsTestClient first = WsTestClient.connect(http, ws);
             WsTestClient second = WsTestClient.connect(http, ws)) {
            Duration timeout = interval.multipliedBy(count * 3L).plusSeconds(10);
            Awaits.await(count + " frames on both clients", timeout,
                    () -> first.count() >= count + 2 && second.count() >= count + 2,
                    () -> first.count() + " and " + second.count() + " frames");

            List<Frame> a = frames(first);
            List<Frame> b = frames(second);
            assertConsecutive(a);
            assertConsecutive(b);
            // The clients connected one after the other; compare the part both saw.
            long from = Math.max(a.get(0).seq(), b.get(0).seq());
            long to = Math.min(a.get(a.size() - 1).seq(), b.get(b.size() - 1).seq());
            assertTrue(to - from + 1 >= count, "overlap of " + (to - from + 1) + " points");
            assertEquals(slice(a, from, to), slice(b, from, to), "both clients saw the same points");
            assertMeanInterval(first.messages(), interval);
        }
    }

    /**
     * One client connected to {@code ws} receives at least {@code count} points, {@code seq} +1 each time, at the
     * configured interval (mean within 10%). Returns what it received.
     */
    public static List<Frame> oneClientReceivesAtTheRate(HttpClient http, URI ws, Duration interval, int count) {
        try (WsTestClient client = WsTestClient.connect(http, ws)) {
            Awaits.await(count + " frames", interval.multipliedBy(count * 3L).plusSeconds(10),
                    () -> client.count() >= count + 2, () -> client.count() + " frames");
            List<Frame> frames = frames(client);
            assertConsecutive(frames);
            assertMeanInterval(client.messages(), interval);
            return frames;
        }
    }

    private static void assertConsecutive(List<Frame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            assertEquals(frames.get(i - 1).seq() + 1, frames.get(i).seq(), "seq strictly +1 at " + i);
            assertTrue(frames.get(i).ts() >= frames.get(i - 1).ts(), "ts never goes back at " + i);
        }
    }

    /** Measured from the second message to the last: the first can come off the beat, right after the handshake. */
    private static void assertMeanInterval(List<WsTestClient.Received> received, Duration interval) {
        double meanNanos = (received.get(received.size() - 1).nanos() - received.get(1).nanos())
                / (double) (received.size() - 2);
        double expected = interval.toNanos();
        assertTrue(Math.abs(meanNanos - expected) <= 0.10 * expected,
                "mean interval " + meanNanos / 1e6 + " ms is within 10% of " + expected / 1e6 + " ms");
    }

    private static List<Frame> slice(List<Frame> frames, long fromSeq, long toSeq) {
        return frames.stream().filter(f -> f.seq() >= fromSeq && f.seq() <= toSeq).toList();
    }

    /**
     * Publishes over HTTP and receives over {@code seriesflow.v1}; disconnects, publishes while away, then
     * resumes with {@code since} and {@code epoch}: the points arrive exactly once, in order, with no gap.
     */
    public static void ingestThenReceiveAndResume(HttpClient http, URI base, URI ws, String token) {
        String stream = "it-ingest";
        URI points = base.resolve("api/streams/" + stream + "/points");
        assertEquals(200, Http.post(http, points, "text/csv", token, "1\n2\n3\n").statusCode());
        String epoch;
        long last;
        try (V1Client client = V1Client.connect(http, ws, "seriesflow.v1")) {
            client.subscribe(stream, 0, null);
            Awaits.await("the replay of 3 points", Duration.ofSeconds(15), () -> client.seqs(stream).size() == 3);
            assertEquals(200, Http.post(http, points, "application/x-ndjson", token,
                    "{\"value\":4}\n{\"value\":5}\n").statusCode());
            Awaits.await("2 live points", Duration.ofSeconds(15), () -> client.seqs(stream).size() == 5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), client.seqs(stream));
            epoch = client.controls("subscribed").get(0).getString("epoch");
            last = 5;
        }
        assertEquals(200, Http.post(http, points, "application/json", token,
                "[{\"value\":6},{\"value\":7}]").statusCode());
        try (V1Client client = V1Client.connect(http, ws, "seriesflow.v1")) {
            client.subscribe(stream, last, epoch);
            Awaits.await("the missed points", Duration.ofSeconds(15), () -> client.seqs(stream).size() == 2);
            assertEquals(200, Http.post(http, points, "text/csv", token, "8\n").statusCode());
            Awaits.await("the next live point", Duration.ofSeconds(15), () -> client.seqs(stream).size() == 3);
            assertEquals(List.of(6L, 7L, 8L), client.seqs(stream));
            assertEquals(List.of(6.0, 7.0, 8.0), client.points().stream().map(V1Client.ReceivedPoint::value).toList());
            assertTrue(client.controls("gap").isEmpty() && client.controls("reset").isEmpty());
        }
    }

    /** The handshake filter runs before the container's upgrade: foreign origins and unknown streams are refused. */
    public static void handshakeRefusals(int port, String contextPath) {
        try {
            assertEquals(403, RawHandshake.status(port, contextPath + "/ws", java.util.Map.of("Origin",
                    "http://evil.example")), "foreign origin");
            assertEquals(404, RawHandshake.status(port, contextPath + "/ws?stream=missing", java.util.Map.of()),
                    "unknown stream");
            assertEquals(101, RawHandshake.status(port, contextPath + "/ws", java.util.Map.of("Origin",
                    "http://127.0.0.1:" + port)), "same origin");
        } catch (java.io.IOException e) {
            throw new AssertionError("handshake failed", e);
        }
    }
}
