package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The aggregate overflow policy: a client that falls behind gets its waiting points as M4 aggregates that stand
 * for every seq, beside drop-oldest clients that get gaps and fast clients that get every point.
 */
class AggregateOverflowTest {
    private final StreamId demo = StreamId.of("demo");

    /** FakeCodec counts a point as one byte and an aggregated point as nine; the queue trims to half. */
    private static EngineFixture engine(long highWaterBytes, OverflowPolicy policy) {
        return new EngineFixture(Runnable::run, EngineFixture.streams(100_000),
                new ClientLimits(highWaterBytes, highWaterBytes / 2, policy, 60_000, 4, 8));
    }

    private Stream demo(EngineFixture engine) {
        return engine.hub.streams().getOrCreate(demo);
    }

    /** One point per publish, 10 ms apart, values a sawtooth. */
    private void publish(EngineFixture engine, int count) {
        for (int i = 0; i < count; i++) {
            engine.clock.advance(10);
            engine.hub.publish(demo, EngineFixture.values(i % 17));
        }
    }

    /** What the frames stand for, as [from, to] seq ranges in order; gaps are reported separately. */
    private static List<long[]> coverage(List<String> frames) {
        List<long[]> ranges = new ArrayList<>();
        for (String frame : frames) {
            if (frame.startsWith("aggregate ")) {
                String[] range = frame.split(" ")[3].split("-");
                ranges.add(new long[] {Long.parseLong(range[0]), Long.parseLong(range[1])});
            } else if (frame.startsWith("points ")) {
                List<Long> seqs = FakeCodec.seqs(frame);
                ranges.add(new long[] {seqs.get(0), seqs.get(seqs.size() - 1)});
            }
        }
        return ranges;
    }

    private static void assertCoversEverySeqOnce(List<String> frames, long last) {
        long next = 1;
        for (long[] range : coverage(frames)) {
            assertEquals(next, range[0], "no hole and no overlap before " + range[0] + ": " + frames);
            next = range[1] + 1;
        }
        assertEquals(last + 1, next, "up to the last point: " + frames);
    }

    @Test
    void aSlowClientGetsAggregatesStandingForEverySeqThenExactPointsOnceItKeepsUp() {
        EngineFixture engine = engine(400, OverflowPolicy.AGGREGATE);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(slow, 1_000);
        connection.subscribe(demo(engine), Resume.live());

        publish(engine, 3_000);
        assertTrue(connection.queuedBytes() <= 400, "within the budget: " + connection.queuedBytes());
        slow.release();
        publish(engine, 5);

        List<String> frames = slow.frames();
        assertTrue(frames.stream().anyMatch(f -> f.startsWith("aggregate demo overflow 1-")), frames.toString());
        assertTrue(frames.stream().noneMatch(f -> f.startsWith("gap ")), "no gap: " + frames);
        assertCoversEverySeqOnce(frames, 3_005);
        assertEquals(List.of("points demo 3001", "points demo 3002", "points demo 3003", "points demo 3004",
                "points demo 3005"), frames.subList(frames.size() - 5, frames.size()), "exact once it keeps up");
        assertEquals(0, connection.droppedPoints());
        assertTrue(connection.aggregatedPoints() > 2_000, "aggregated: " + connection.aggregatedPoints());
    }

    @Test
    void anAggregateKeepsTheShapeOfWhatItReplaces() {
        EngineFixture engine = engine(400, OverflowPolicy.AGGREGATE);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        engine.connect(slow, 1_000).subscribe(demo(engine), Resume.live());

        publish(engine, 1_000);
        slow.release();

        String aggregate = slow.frames().stream().filter(f -> f.startsWith("aggregate")).findFirst().orElseThrow();
        List<Long> kept = FakeCodec.seqs("points demo " + aggregate.substring(aggregate.lastIndexOf(' ') + 1));
        assertTrue(kept.size() < 50, "far fewer points than it stands for: " + kept.size());
        assertTrue(kept.stream().anyMatch(seq -> (seq - 1) % 17 == 16), "the sawtooth's highs are kept");
        assertTrue(kept.stream().anyMatch(seq -> (seq - 1) % 17 == 0), "and its lows");
    }

    @Test
    void aggregatingClientsDropOldestClientsAndFastClientsInOneRun() {
        EngineFixture engine = engine(400, OverflowPolicy.DROP_OLDEST);
        RecordingTransport aggregating = new RecordingTransport("aggregating").holdSends();
        RecordingTransport dropping = new RecordingTransport("dropping").holdSends();
        RecordingTransport fast = new RecordingTransport("fast");
        engine.connect(aggregating, 1_000).subscribe(demo(engine), Resume.live(),
                Optional.of(OverflowPolicy.AGGREGATE));
        engine.connect(dropping, 1_000).subscribe(demo(engine), Resume.live());
        engine.connect(fast, 1_000).subscribe(demo(engine), Resume.live());

        publish(engine, 2_000);
        aggregating.release();
        dropping.release();

        assertCoversEverySeqOnce(aggregating.frames(), 2_000);
        assertTrue(aggregating.frames().stream().noneMatch(f -> f.startsWith("gap ")));
        assertTrue(dropping.frames().stream().anyMatch(f -> f.startsWith("gap demo ")), "drop-oldest: gaps");
        assertTrue(dropping.frames().stream().noneMatch(f -> f.startsWith("aggregate ")));
        assertEquals(LongStream.rangeClosed(1, 2_000).boxed().toList(),
                fast.frames().stream().flatMap(f -> FakeCodec.seqs(f).stream()).toList(), "fast: every point");
    }

    @Test
    void whenEvenTheAggregatesDoNotFitTheOldestAreDroppedWithAGapAndNothingComesTwice() {
        EngineFixture engine = engine(150, OverflowPolicy.AGGREGATE);
        RecordingTransport slow = new RecordingTransport("slow");
        ClientConnection connection = engine.connect(slow, 1_000);
        List<StreamId> ids = List.of(StreamId.of("a"), StreamId.of("b"), StreamId.of("c"), StreamId.of("d"));
        ids.forEach(id -> connection.subscribe(engine.hub.streams().getOrCreate(id), Resume.live()));
        slow.holdSends();

        for (int round = 0; round < 200; round++) {
            engine.clock.advance(10);
            for (StreamId id : ids) {
                engine.hub.publish(id, EngineFixture.values(round % 7));
            }
        }
        slow.release();

        List<String> frames = slow.frames();
        assertTrue(frames.stream().anyMatch(f -> f.startsWith("gap ")),
                "four streams in 150 bytes: some aggregates dropped");
        assertTrue(frames.stream().anyMatch(f -> f.startsWith("aggregate ")), frames.toString());
        for (StreamId id : ids) {
            long next = 1;
            for (String frame : frames) {
                String[] parts = frame.split(" ");
                if (parts.length < 3 || !parts[1].equals(id.name())) {
                    continue;
                }
                long[] range = switch (parts[0]) {
                    case "points" -> new long[] {FakeCodec.seqs(frame).get(0),
                        FakeCodec.seqs(frame).get(FakeCodec.seqs(frame).size() - 1)};
                    case "aggregate" -> new long[] {Long.parseLong(parts[3].split("-")[0]),
                        Long.parseLong(parts[3].split("-")[1])};
                    case "gap" -> new long[] {Long.parseLong(parts[2].split("-")[0]),
                        Long.parseLong(parts[2].split("-")[1])};
                    default -> null;
                };
                if (range != null) {
                    assertEquals(next, range[0], id + ": each seq once, as a point, in an aggregate or in a gap: "
                            + frames);
                    next = range[1] + 1;
                }
            }
            assertEquals(201, next, id + " up to its last point");
        }
    }

    @Test
    void theClosePolicyOfTheServerWinsOverASubscriptionsChoice() {
        EngineFixture engine = engine(100, OverflowPolicy.CLOSE);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(slow, 1_000);
        connection.subscribe(demo(engine), Resume.live(), Optional.of(OverflowPolicy.AGGREGATE));

        publish(engine, 200);

        assertEquals(DisconnectReason.SLOW_CONSUMER, slow.closedWith());
    }

    @Test
    void anAggregateNeverSpansANewEpoch() {
        EngineFixture engine = engine(400, OverflowPolicy.AGGREGATE);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(slow, 1_000);
        Stream stream = demo(engine);
        connection.subscribe(stream, Resume.live());
        publish(engine, 300);
        stream.offer(new LogEntry("epoch2", 1, new long[] {engine.clock.millis() + 1},
                new double[] {1}));
        for (int i = 2; i <= 400; i++) {
            engine.clock.advance(10);
            stream.offer(new LogEntry("epoch2", i, new long[] {engine.clock.millis()}, new double[] {i % 5}));
        }
        slow.release();

        List<String> frames = slow.frames();
        int reset = frames.indexOf("reset demo");
        assertTrue(reset > 0, frames.toString());
        assertCoversEverySeqOnce(frames.subList(0, reset), 300);
        assertCoversEverySeqOnce(frames.subList(reset, frames.size()), 400);
        assertFalse(connection.isClosed());
    }
}
