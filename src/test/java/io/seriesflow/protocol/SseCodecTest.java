package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.PointChunk;
import io.seriesflow.engine.Resume;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseCodecTest {
    private final StreamDescriptor demo = new StreamDescriptor(StreamId.of("demo"), 0, "ab12", 1_000);
    private final StreamDescriptor sine = new StreamDescriptor(StreamId.of("sine"), 1, "cd34", 1_000);

    private static PointChunk chunk(StreamDescriptor stream, long firstSeq, int size) {
        long[] ts = new long[size];
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            ts[i] = 2_000 + i;
            values[i] = i;
        }
        return new PointChunk(stream, firstSeq, ts, values);
    }

    @Test
    void aPointsEventCarriesTheJsonOfV1AndAnIdWithEveryStreamsPosition() {
        SseCodec codec = new SseCodec(100, SseEventId.empty());
        String subscribed = codec.subscribed(sine, new StreamState(1, 9, 9, 0, 1)).orElseThrow().text();
        String points = codec.points(demo, List.of(ChunkSlice.whole(chunk(demo, 41, 2)))).text();

        assertTrue(subscribed.startsWith("data: {\"type\":\"subscribed\"") && subscribed.endsWith("}\n\n"),
                subscribed);
        String json = new JsonCodec(100).points(demo, List.of(ChunkSlice.whole(chunk(demo, 41, 2)))).text();
        assertTrue(points.endsWith("\ndata: " + json + "\n\n"), points);
        SseEventId id = SseEventId.parse(points.substring(4, points.indexOf('\n')), 64);
        assertEquals(Map.of(StreamId.of("sine"), new SseEventId.Position("cd34", 9),
                StreamId.of("demo"), new SseEventId.Position("ab12", 42)), id.positions());
    }

    @Test
    void aResumedStreamKeepsThePositionItCameBackWith() {
        SseCodec codec = new SseCodec(100, SseEventId.parse("demo:ab12:30", 64));
        codec.subscribed(demo, new StreamState(1, 50, 50, 0, 1));
        assertEquals(new SseEventId.Position("ab12", 30), codec.positions().positions().get(StreamId.of("demo")));
        codec.points(demo, List.of(new ChunkSlice(chunk(demo, 31, 5), 0, 3)));
        assertEquals(new SseEventId.Position("ab12", 33), codec.positions().positions().get(StreamId.of("demo")));
    }

    @Test
    void anIdRoundTripsAndResumesEachStreamItNames() {
        SseEventId id = SseEventId.parse("demo:ab12:42,my.sensor_1:cd34:0", 64);
        assertEquals("demo:ab12:42,my.sensor_1:cd34:0", id.text());
        assertEquals(Resume.after(42, "ab12"), id.resumeOf(StreamId.of("demo")));
        assertEquals(Resume.live(), id.resumeOf(StreamId.of("other")));
        assertEquals(SseEventId.empty(), SseEventId.parse(" ", 64));
    }

    @Test
    void theLongestIdTheServerWritesForItsSubscriptionLimitComesBackAccepted() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            id.append(i == 0 ? "" : ",").append("s").append("x".repeat(60)).append(String.format("%03d", i))
                    .append(':').append("e".repeat(64)).append(':').append(Long.MAX_VALUE);
        }
        assertEquals(200, SseEventId.parse(id.toString(), 200).positions().size(),
                "200 streams of the longest names, epochs and seqs, at a limit of 200 subscriptions");
        assertThrows(IllegalArgumentException.class, () -> SseEventId.parse(id.toString(), 64),
                "longer than 64 streams can need");
    }

    @Test
    void aMalformedIdIsRefusedWithTheReason() {
        for (String bad : List.of("demo", "demo:ab12", "demo:ab12:x", "demo:ab12:-1", "Demo:ab12:1",
                "demo:ab12:1,demo:ab12:2", "demo::1", "demo:ab12:99999999999999999999")) {
            assertThrows(IllegalArgumentException.class, () -> SseEventId.parse(bad, 64), bad);
        }
    }

    @Test
    void theCloseEventSaysWhyWithTheWebSocketCode() {
        assertEquals("data: {\"type\":\"close\",\"code\":1001,\"reason\":\"server shutting down\"}\n\n",
                SseCodec.closeEvent(1001, "server shutting down").text());
    }
}
