package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.AggregateReason;
import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.M4Aggregation;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.PointChunk;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.engine.StreamState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
    private final StreamDescriptor stream = new StreamDescriptor(StreamId.of("demo"), 7, "ab12", 1_000_000);
    private final PointChunk chunk = new PointChunk(stream, 41, new long[] {1_000_100, 1_000_200},
            new double[] {21.5, -3});
    private final PointChunk next = new PointChunk(stream, 43, new long[] {1_000_300}, new double[] {1e-300});

    private static String content(Frame frame) {
        return frame.isText() ? frame.text() : java.util.HexFormat.of().formatHex(frame.binary());
    }

    private static JsonObject json(Frame frame) {
        return Json.createReader(new StringReader(frame.text())).readObject();
    }

    @Test
    void compatibleModeSendsOnePointPerFrameInTheDemosShape() {
        CompatibleCodec codec = new CompatibleCodec();

        Frame frame = codec.points(stream, List.of(new ChunkSlice(chunk, 1, 2)));

        assertEquals("{\"seq\":42,\"ts\":1000200,\"value\":-3.0}", frame.text());
        assertSame(frame, codec.points(stream, List.of(new ChunkSlice(chunk, 1, 2))), "encoded once");
        assertEquals(1, codec.maxPointsPerFrame());
        assertTrue(codec.gap(stream, 1, 2, GapReason.OVERFLOW).isEmpty());
    }

    @Test
    void everyFiniteDoubleRoundTripsThroughTheCompatibleFrame() {
        double[] values = {0, 1e-300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE, 123456789.125, -3};
        for (double value : values) {
            PointChunk one = new PointChunk(stream, 1, new long[] {2}, new double[] {value});
            Frame frame = new CompatibleCodec().points(stream, List.of(ChunkSlice.whole(one)));
            assertEquals(value, json(frame).getJsonNumber("value").doubleValue(), frame.text());
        }
    }

    @Test
    void jsonV1BatchesConsecutiveChunksIntoOnePointsMessage() {
        JsonCodec codec = new JsonCodec(100);

        JsonObject message = json(codec.points(stream, List.of(ChunkSlice.whole(chunk), ChunkSlice.whole(next))));

        assertEquals("points", message.getString("type"));
        assertEquals("demo", message.getString("stream"));
        assertEquals("ab12", message.getString("epoch"));
        assertEquals("[[41,1000100,21.5],[42,1000200,-3.0],[43,1000300,1.0E-300]]",
                message.getJsonArray("points").toString());
    }

    @Test
    void jsonV1CachesAWholeChunksFrame() {
        JsonCodec codec = new JsonCodec(100);
        Frame first = codec.points(stream, List.of(ChunkSlice.whole(chunk)));
        assertSame(first, codec.points(stream, List.of(ChunkSlice.whole(chunk))));
        assertEquals(2, json(codec.points(stream, List.of(new ChunkSlice(chunk, 0, 1), ChunkSlice.whole(next))))
                .getJsonArray("points").size());
    }

    @Test
    void controlMessagesCarryWhatTheProtocolDocumentPromises() {
        JsonCodec codec = new JsonCodec(100);
        JsonObject subscribed = json(codec.subscribed(stream, new StreamState(3, 42, 40, 0, 1)).orElseThrow());
        JsonObject gap = json(codec.gap(stream, 5, 9, GapReason.HISTORY).orElseThrow());
        JsonObject reset = json(codec.reset(stream, "old").orElseThrow());

        assertEquals(Json.createObjectBuilder().add("type", "subscribed").add("stream", "demo").add("index", 7)
                .add("epoch", "ab12").add("baseTime", 1_000_000).add("firstSeq", 3).add("lastSeq", 42)
                .add("displayName", "").add("unit", "").build(), subscribed);
        assertEquals(Json.createObjectBuilder().add("type", "gap").add("stream", "demo").add("epoch", "ab12")
                .add("from", 5).add("to", 9).add("reason", "history").build(), gap);
        assertEquals("old", reset.getString("previousEpoch"));
        assertEquals("ab12", reset.getString("epoch"));
    }

    @Test
    void binaryFramesLoadStraightIntoTypedArrays() {
        Frame frame = new BinaryCodec(100).points(stream, List.of(ChunkSlice.whole(chunk), ChunkSlice.whole(next)));

        ByteBuffer buffer = ByteBuffer.wrap(frame.binary()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16 + 3 * 16, frame.binary().length);
        assertEquals(1, buffer.get(0));
        assertEquals(1, buffer.get(1));
        assertEquals(7, buffer.getShort(2));
        assertEquals(3, buffer.getInt(4));
        assertEquals(41.0, buffer.getDouble(8));
        assertEquals(100.0, buffer.getDouble(16));
        assertEquals(300.0, buffer.getDouble(32));
        assertEquals(21.5, buffer.getDouble(40));
        assertEquals(1e-300, buffer.getDouble(56));
    }

    @Test
    void eachFrameSizedBlockOfALargeChunkIsEncodedOnceForEveryClient() {
        long[] timestamps = new long[5];
        double[] values = new double[5];
        for (int i = 0; i < 5; i++) {
            timestamps[i] = 1_000_000 + i;
            values[i] = i * 0.5;
        }
        PointChunk large = new PointChunk(stream, 10, timestamps, values);
        for (MessageCodec codec : List.of(new JsonCodec(2), new BinaryCodec(2))) {
            Frame first = codec.points(stream, List.of(new ChunkSlice(large, 0, 2)));
            Frame last = codec.points(stream, List.of(new ChunkSlice(large, 4, 5)));

            assertSame(first, codec.points(stream, List.of(new ChunkSlice(large, 0, 2))), "block 0 shared");
            assertSame(last, codec.points(stream, List.of(new ChunkSlice(large, 4, 5))), "the short last block");
            Frame unaligned = codec.points(stream, List.of(new ChunkSlice(large, 1, 3)));
            Frame expected = codec.points(stream, List.of(new ChunkSlice(new PointChunk(stream, 11,
                    new long[] {1_000_001, 1_000_002}, new double[] {0.5, 1.0}), 0, 2)));
            assertEquals(content(expected), content(unaligned),
                    "a lagging client's slice is encoded on its own, with the same content");
        }
        JsonObject last = json(new JsonCodec(2).points(stream, List.of(new ChunkSlice(large, 4, 5))));
        assertEquals("[[14,1000004,2.0]]", last.getJsonArray("points").toString());
        JsonObject otherSize = json(new JsonCodec(3).points(stream, List.of(new ChunkSlice(large, 3, 5))));
        assertEquals("[[13,1000003,1.5],[14,1000004,2.0]]", otherSize.getJsonArray("points").toString(),
                "a codec with another frame size does not reuse the cached blocks");
    }

    /** Points 10..15 at 1 ms apart, reduced on two 3-ms buckets: 10, 11 (low), 12 (high, last); 13, 15 (high). */
    private PointAggregate aggregate(AggregateReason reason) {
        M4Aggregation aggregation = M4Aggregation.window(1_000_000, 1_000_006, 2);
        double[] values = {1, -2, 3, 0, 0, 9};
        for (int i = 0; i < values.length; i++) {
            aggregation.add(10 + i, 1_000_000 + i, values[i]);
        }
        return aggregation.build(stream, reason);
    }

    @Test
    void jsonAggregatesSayWhatTheyStandForAndCarryEachPointsSeq() {
        JsonObject message = json(new JsonCodec(2).aggregate(stream, aggregate(AggregateReason.BACKFILL), 0, 5));

        assertEquals(Json.createObjectBuilder().add("type", "aggregate").add("stream", "demo").add("epoch", "ab12")
                .add("reason", "backfill").add("firstSeq", 10).add("lastSeq", 15)
                .add("points", Json.createReader(new java.io.StringReader("[[10,1000000,1.0],[11,1000001,-2.0],"
                        + "[12,1000002,3.0],[13,1000003,0.0],[15,1000005,9.0]]")).readArray()).build(), message);
        assertEquals(Integer.MAX_VALUE, new JsonCodec(2).maxAggregatePointsPerFrame(), "one frame, whatever its size");
    }

    @Test
    void binaryAggregatesLoadStraightIntoTypedArrays() {
        Frame frame = new BinaryCodec(100).aggregate(stream, aggregate(AggregateReason.OVERFLOW), 0, 5);

        ByteBuffer buffer = ByteBuffer.wrap(frame.binary()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32 + 5 * 24, frame.binary().length);
        assertEquals(2, buffer.get(0), "kind aggregate");
        assertEquals(1, buffer.get(1));
        assertEquals(7, buffer.getShort(2));
        assertEquals(5, buffer.getInt(4));
        assertEquals(10.0, buffer.getDouble(8), "first seq it stands for");
        assertEquals(15.0, buffer.getDouble(16), "last seq it stands for");
        assertEquals(2, buffer.get(24), "reason overflow");
        assertEquals(15.0, buffer.getDouble(32 + 4 * 8), "the seqs");
        assertEquals(5.0, buffer.getDouble(32 + 5 * 8 + 4 * 8), "times relative to baseTime");
        assertEquals(9.0, buffer.getDouble(32 + 10 * 8 + 4 * 8), "values");
    }

    @Test
    void theCompatibleModeSendsAnAggregatesPointsAsOrdinaryOnes() {
        CompatibleCodec codec = new CompatibleCodec();
        PointAggregate aggregate = aggregate(AggregateReason.OVERFLOW);

        assertEquals(1, codec.maxAggregatePointsPerFrame());
        assertEquals("{\"seq\":15,\"ts\":1000005,\"value\":9.0}", codec.aggregate(stream, aggregate, 4, 5).text());
    }

    @Test
    void theSubscribeReplyCarriesTheDisplayNameAndUnit() {
        StreamDescriptor labelled = stream.withLabel(new StreamLabel("Server room", "°C"));

        JsonObject subscribed = json(new JsonCodec(10).subscribed(labelled, new StreamState(1, 2, 2, 0, 1))
                .orElseThrow());

        assertEquals("Server room", subscribed.getString("displayName"));
        assertEquals("°C", subscribed.getString("unit"));
    }
}
