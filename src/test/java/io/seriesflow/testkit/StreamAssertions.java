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
        static Frame parse(String text) {
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
            for (List<Frame> frames : List.of(a, b)) {
                for (int i = 1; i < frames.size(); i++) {
                    assertEquals(frames.get(i - 1).seq() + 1, frames.get(i).seq(), "seq strictly +1 at " + i);
                    assertTrue(frames.get(i).ts() >= frames.get(i - 1).ts(), "ts never goes back at " + i);
                }
            }
            // The clients connected one after the other; compare the part both saw.
            long from = Math.max(a.get(0).seq(), b.get(0).seq());
            long to = Math.min(a.get(a.size() - 1).seq(), b.get(b.size() - 1).seq());
            assertTrue(to - from + 1 >= count, "overlap of " + (to - from + 1) + " points");
            assertEquals(slice(a, from, to), slice(b, from, to), "both clients saw the same points");

            List<WsTestClient.Received> received = first.messages();
            double meanNanos = (received.get(received.size() - 1).nanos() - received.get(1).nanos())
                    / (double) (received.size() - 2);
            double expected = interval.toNanos();
            assertTrue(Math.abs(meanNanos - expected) <= 0.10 * expected,
                    "mean interval " + meanNanos / 1e6 + " ms is within 10% of " + expected / 1e6 + " ms");
        }
    }

    private static List<Frame> slice(List<Frame> frames, long fromSeq, long toSeq) {
        return frames.stream().filter(f -> f.seq() >= fromSeq && f.seq() <= toSeq).toList();
    }
}
