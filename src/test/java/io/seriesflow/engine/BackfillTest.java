package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.ManualExecutor;
import io.seriesflow.testkit.RecordingTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A subscribe's backfill: the window's history as one M4 aggregate, then live points from the next seq. */
class BackfillTest {
    private final StreamId demo = StreamId.of("demo");

    private static EngineFixture engine(java.util.concurrent.Executor lanes, int historyPoints) {
        return new EngineFixture(lanes, new StreamLimits(historyPoints, 3_600_000, 10, true, 60_000, false),
                new ClientLimits(1_000_000, 500_000, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
    }

    /** {@code n} points one ms apart ending now, values a sawtooth with spikes: seq i has ts start + i - 1. */
    private static PointBatch series(long start, int n) {
        long[] ts = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i;
            values[i] = (i % 37) - (i % 101 == 0 ? 500 : 0) + (i % 211 == 0 ? 700 : 0);
        }
        return new PointBatch(ts, values);
    }

    /** Per bucket of the window, the seqs of the first, lowest, highest and last point (first of equals). */
    private static List<Long> m4(PointBatch batch, long firstSeq, long from, long to, int buckets) {
        TreeMap<Long, long[]> byBucket = new TreeMap<>();
        double width = (to - from) / (double) buckets;
        for (int i = 0; i < batch.size(); i++) {
            long ts = batch.timestampAt(i);
            if (ts < from || ts > to) {
                continue;
            }
            long bucket = Math.min(buckets - 1, (long) Math.floor((ts - from) / width));
            long seq = firstSeq + i;
            long[] kept = byBucket.get(bucket);
            if (kept == null) {
                byBucket.put(bucket, new long[] {seq, seq, seq, seq});
                continue;
            }
            if (batch.valueAt(i) < batch.valueAt((int) (kept[1] - firstSeq))) {
                kept[1] = seq;
            }
            if (batch.valueAt(i) > batch.valueAt((int) (kept[2] - firstSeq))) {
                kept[2] = seq;
            }
            kept[3] = seq;
        }
        List<Long> seqs = new ArrayList<>();
        byBucket.values().forEach(kept -> Arrays.stream(kept).distinct().sorted().forEach(seqs::add));
        return seqs;
    }

    private static List<Long> keptSeqs(String aggregateFrame) {
        String list = aggregateFrame.substring(aggregateFrame.lastIndexOf(' ') + 1);
        return Arrays.stream(list.split(",")).map(Long::valueOf).toList();
    }

    @Test
    void theWindowComesAsItsM4AggregateAndLivePointsStartAtTheNextSeq() throws Exception {
        ManualExecutor lanes = new ManualExecutor();
        EngineFixture engine = engine(lanes, 100_000);
        long now = engine.clock.millis();
        PointBatch history = series(now - 20_000, 20_000);
        engine.hub.publish(demo, history);
        lanes.runAll();
        RecordingTransport client = new RecordingTransport("c");
        Stream stream = engine.hub.streams().find(demo).orElseThrow();
        long from = now - 10_000;

        engine.connect(client, 100).subscribe(stream, Resume.backfilled(new Backfill(from, 300)));
        engine.hub.publish(demo, EngineFixture.values(1, 2));
        lanes.runAll();
        engine.hub.publish(demo, EngineFixture.values(3));
        lanes.runAll();

        List<String> frames = client.frames();
        assertEquals("subscribed demo last=20000", frames.get(0));
        assertTrue(frames.get(1).startsWith("aggregate demo backfill 10001-20000 "), frames.get(1));
        assertEquals(m4(history, 1, from, now, 300), keptSeqs(frames.get(1)),
                "every bucket's first, lowest, highest and last point, exactly");
        assertEquals(List.of("points demo 20001,20002", "points demo 20003"), frames.subList(2, frames.size()),
                "live from the next seq: no hole, no duplicate");
    }

    @Test
    void aMillionPointHistoryBackfillsInOneFrameOfAtMostFourPointsPerBucket() throws Exception {
        EngineFixture engine = engine(Runnable::run, 1_000_000);
        long now = engine.clock.millis();
        for (int part = 0; part < 100; part++) {
            engine.hub.publish(demo, series(now - 1_000_000 + part * 10_000L, 10_000)).get();
        }
        RecordingTransport client = new RecordingTransport("c");

        engine.connect(client, 1_000).subscribe(engine.hub.streams().find(demo).orElseThrow(),
                Resume.backfilled(new Backfill(now - 2_000_000, 1_000)));

        List<String> frames = client.frames();
        assertEquals(2, frames.size(), "the reply and one aggregate: " + frames.size());
        assertTrue(frames.get(1).startsWith("aggregate demo backfill 1-1000000 "), "stands for every point");
        int kept = keptSeqs(frames.get(1)).size();
        assertTrue(kept <= 4_000 && kept >= 1_000, "at most buckets x 4 points: " + kept);
    }

    @Test
    void aWindowWithoutPointsSendsNoAggregateAndGoesLive() throws Exception {
        EngineFixture engine = engine(Runnable::run, 1_000);
        engine.hub.publish(demo, series(engine.clock.millis() - 60_000, 10)).get();
        RecordingTransport client = new RecordingTransport("c");

        engine.connect(client, 100).subscribe(engine.hub.streams().find(demo).orElseThrow(),
                Resume.backfilled(new Backfill(engine.clock.millis() - 1_000, 100)));
        engine.hub.publish(demo, EngineFixture.values(5)).get();

        assertEquals(List.of("subscribed demo last=10", "points demo 11"), client.frames());
    }

    @Test
    void aFormatWithoutAggregatesGoesLiveWithoutTheBackfillAndHoldsNoReplaySlot() throws Exception {
        EngineFixture engine = engine(Runnable::run, 1_000);
        engine.hub.publish(demo, series(engine.clock.millis() - 100, 50)).get();
        RecordingTransport client = new RecordingTransport("c");
        ClientConnection connection = engine.hub.connect(client, new PointsOnlyCodec()).orElseThrow();

        connection.subscribe(engine.hub.streams().find(demo).orElseThrow(),
                Resume.backfilled(new Backfill(engine.clock.millis() - 1_000, 100)));
        engine.hub.publish(demo, EngineFixture.values(5)).get();

        assertEquals(List.of("subscribed demo last=50", "points demo 51"), client.frames());
        assertEquals(0, connection.replaysInProgress());
    }

    @Test
    void theReadApiAggregateKeepsTheSameBucketsForAnyWindow() throws Exception {
        EngineFixture engine = engine(Runnable::run, 10_000);
        long now = engine.clock.millis();
        PointBatch history = series(now - 5_000, 5_000);
        engine.hub.publish(demo, history).get();
        Stream stream = engine.hub.streams().find(demo).orElseThrow();

        Optional<PointAggregate> aggregate = stream.aggregate(now - 4_000, now - 1_000, 50).get();

        List<Long> seqs = LongStream.range(0, aggregate.orElseThrow().size()).map(i -> aggregate.get().seqAt((int) i))
                .boxed().toList();
        assertEquals(m4(history, 1, now - 4_000, now - 1_000, 50), seqs);
        assertEquals(1_001, aggregate.get().firstSeq());
        assertEquals(4_001, aggregate.get().lastSeq());
        assertEquals(Optional.empty(), stream.aggregate(now + 10, now + 20, 5).get());
    }

    /** A codec of a format that cannot carry aggregates (the interface's default). */
    private static final class PointsOnlyCodec implements OutboundCodec {
        private final FakeCodec fake = new FakeCodec(100);

        @Override
        public int maxPointsPerFrame() {
            return fake.maxPointsPerFrame();
        }

        @Override
        public int bytesPerPoint() {
            return 1;
        }

        @Override
        public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
            return fake.points(stream, slices);
        }

        @Override
        public Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
            return fake.subscribed(stream, state);
        }

        @Override
        public Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
            return fake.gap(stream, from, to, reason);
        }

        @Override
        public Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
            return fake.reset(stream, previousEpoch);
        }

        @Override
        public Optional<Frame> unsubscribed(StreamId stream) {
            return fake.unsubscribed(stream);
        }

        @Override
        public Optional<Frame> error(CommandError error, String message, StreamId stream) {
            return fake.error(error, message, stream);
        }

        @Override
        public Optional<Frame> time(long serverTimeMillis) {
            return fake.time(serverTimeMillis);
        }
    }
}
