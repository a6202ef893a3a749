package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's counters for operators, on a fake clock with synchronous lanes and recording transports. */
class EngineMetricsTest {
    private final StreamId demo = StreamId.of("demo");

    private static EngineFixture engine(long queueBytes, OverflowPolicy policy) {
        return new EngineFixture(Runnable::run, EngineFixture.streams(1_000),
                new ClientLimits(queueBytes, queueBytes / 2, policy, 5_000, 4, 8));
    }

    @Test
    void sendsAreCountedByModeWithTheirPointsBytesAndPublishToSendLatency() {
        EngineFixture engine = EngineFixture.direct();
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        for (int i = 0; i < 3; i++) {
            engine.hub.publish(demo, EngineFixture.values(i));
        }
        engine.clock.advance(7);
        client.release();

        assertEquals(List.of("subscribed demo last=0", "points demo 1,2,3"), client.frames());
        SentTotals sent = engine.hub.metrics().sentByMode().get(new FakeCodec(100).mode());
        assertEquals(2, sent.frames(), "the reply and one frame of points");
        assertEquals(3, sent.points());
        long bytes = client.frames().stream().mapToLong(String::length).sum();
        assertEquals(bytes, sent.bytes());
        LatencyHistogram.Snapshot latency = engine.hub.metrics().publishToSendLatency();
        assertEquals(1, latency.count(), "one frame of live points; the reply is no point");
        assertEquals(1, latency.counts()[4], "7 ms: in the bucket up to 10 ms");
        assertEquals(7_000_000, latency.sumNanos());
    }

    @Test
    void aClosedConnectionsSendsStillCount() {
        EngineFixture engine = EngineFixture.direct();
        RecordingTransport leaving = new RecordingTransport("leaving");
        RecordingTransport staying = new RecordingTransport("staying");
        ClientConnection gone = engine.connect(leaving, 100);
        gone.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.connect(staying, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.hub.publish(demo, EngineFixture.values(1));
        String mode = new FakeCodec(100).mode();
        SentTotals before = engine.hub.metrics().sentByMode().get(mode);
        long latencyBefore = engine.hub.metrics().publishToSendLatency().count();
        assertEquals(4, before.frames(), "two replies and two frames of points");

        gone.close(DisconnectReason.CLIENT_CLOSED);

        assertEquals(before, engine.hub.metrics().sentByMode().get(mode), "nothing left with the connection");
        assertEquals(latencyBefore, engine.hub.metrics().publishToSendLatency().count());
        engine.hub.publish(demo, EngineFixture.values(2));
        assertEquals(before.frames() + 1, engine.hub.metrics().sentByMode().get(mode).frames());
    }

    @Test
    void aggregateFramesAreCountedWithTheirOwnBytesAndNoLatency() {
        EngineFixture engine = new EngineFixture(Runnable::run, EngineFixture.streams(100_000),
                new ClientLimits(400, 200, OverflowPolicy.AGGREGATE, 60_000, 4, 8));
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        engine.connect(slow, 1_000).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        for (int i = 0; i < 3_000; i++) {
            engine.clock.advance(10);
            engine.hub.publish(demo, EngineFixture.values(i % 17));
        }
        slow.release();
        engine.hub.publish(demo, EngineFixture.values(1)); // a point once it keeps up: the queue drains

        List<String> frames = slow.frames();
        long aggregates = frames.stream().filter(f -> f.startsWith("aggregate ")).count();
        assertTrue(aggregates > 0, "the slow client got aggregates: " + frames);
        SentTotals sent = engine.hub.metrics().sentByMode().get(new FakeCodec(1_000).mode());
        assertEquals(frames.size(), sent.frames(), "every frame once, aggregates included");
        assertEquals(frames.stream().mapToLong(String::length).sum(), sent.bytes(), "each with its own bytes");
        assertEquals(frames.size() - aggregates - 1, engine.hub.metrics().publishToSendLatency().count(),
                "latency for frames of points only (not the reply, not aggregates)");
    }

    @Test
    void metricsOffCountNothingPerFrame() {
        EngineFixture engine = EngineFixture.direct();
        EngineMetrics off = EngineMetrics.off();
        RecordingTransport client = new RecordingTransport("c");
        ClientConnection connection = new ClientConnection(client, new FakeCodec(100),
                engine.hub.clientLimits(), engine.clock, Runnable::run, (c, reason) -> { }, off);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.hub.publish(demo, EngineFixture.values(1, 2));

        assertEquals(2, client.frames().size(), "the reply and the points went out");
        assertEquals(Map.of(), off.sentByMode());
        assertEquals(0, off.publishToSendLatency().count());
    }

    @Test
    void latencyBucketsIncludeTheirUpperBound() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(500_000);
        histogram.record(500_001);
        histogram.record(-5);
        histogram.record(60_000_000_000L);
        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertEquals(2, snapshot.counts()[0], "0.5 ms and a negative duration (as zero) are at most 0.5 ms");
        assertEquals(1, snapshot.counts()[1], "just above 0.5 ms");
        assertEquals(1, snapshot.counts()[snapshot.counts().length - 1], "a minute is above every bound");
        assertEquals(4, snapshot.count());
    }

    @Test
    void overflowCountsGapsAndDroppedPointsAndClosingCountsWhatWasStillQueued() {
        EngineFixture engine = engine(10, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        for (int i = 0; i < 30; i++) {
            engine.hub.publish(demo, EngineFixture.values(i));
        }
        long gaps = engine.hub.metrics().gapsAnnounced(GapReason.OVERFLOW);
        assertTrue(gaps >= 1, "a gap was opened");
        ClientStats open = engine.hub.clientStats();
        assertEquals(connection.droppedPoints(), open.droppedPoints());
        assertTrue(open.droppedPoints() > 0);
        long queued = connection.queuedPoints();
        assertTrue(queued > 0);
        assertEquals(queued, open.queuedPoints());
        assertArrayEquals(new long[] {connection.queuedBytes()}, open.queuedBytesPerClient());

        connection.close(DisconnectReason.CLIENT_CLOSED);

        assertEquals(queued, engine.hub.discardedOnClose(), "the points still queued never reached the client");
        ClientStats closed = engine.hub.clientStats();
        assertEquals(open.droppedPoints(), closed.droppedPoints(), "a closed connection's drops still count");
        assertEquals(gaps, engine.hub.metrics().gapsAnnounced(GapReason.OVERFLOW), "and its gaps");
        assertEquals(0, closed.queuedBytesPerClient().length);
        assertEquals(Map.of(new FakeCodec(1).mode(), 0), engine.hub.connectionsByMode(),
                "a mode that had connections shows 0");
    }

    @Test
    void slowConsumerClosesAreKeptNewestFirstAndOpenConnectionsAreViewed() {
        EngineFixture engine = engine(20, OverflowPolicy.CLOSE);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        RecordingTransport fast = new RecordingTransport("fast");
        engine.connect(slow, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.connect(fast, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.clock.advance(3_000);
        for (int i = 0; i < 30; i++) {
            engine.hub.publish(demo, EngineFixture.values(i));
        }

        List<ClosedConnection> closes = engine.hub.recentSlowCloses();
        assertEquals(1, closes.size(), closes.toString());
        assertEquals("slow", closes.get(0).id());
        assertEquals(DisconnectReason.SLOW_CONSUMER, closes.get(0).reason());
        assertEquals(3_000, closes.get(0).ageMillis());
        List<ConnectionView> open = engine.hub.connectionViews();
        assertEquals(1, open.size());
        assertEquals("fast", open.get(0).id());
        assertEquals(List.of("demo"), open.get(0).streams());
        assertEquals(Map.of(new FakeCodec(1).mode(), 1), engine.hub.connectionsByMode());
    }

    @Test
    void aViewShowsHowLongTheOldestQueuedPointHasWaited() {
        EngineFixture engine = EngineFixture.direct();
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.hub.publish(demo, EngineFixture.values(1));
        engine.clock.advance(250);
        engine.hub.publish(demo, EngineFixture.values(2));
        engine.clock.advance(50);

        ConnectionView view = connection.view();
        assertEquals(300, view.lagMillis(), "the first point has waited 300 ms behind the held reply");
        assertEquals(2, view.queuedPoints());
        client.release();
        assertEquals(0, connection.view().lagMillis());
    }

    @Test
    void refusalsByTheInboundRateLimitsAreCounted() {
        EngineFixture engine = EngineFixture.direct();
        ClientConnection connection = engine.connect(new RecordingTransport("c"), 100);
        CommandDispatcher dispatcher = engine.dispatcher(connection, new InboundLimits(1, 1, 1, 1, 100, 100));
        assertTrue(dispatcher.admit());
        assertTrue(!dispatcher.admit() && !dispatcher.admit());
        assertEquals(2, engine.hub.metrics().rateLimited(EngineMetrics.RateLimit.MESSAGES));
        assertEquals(0, engine.hub.metrics().rateLimited(EngineMetrics.RateLimit.SUBSCRIBES));
    }

    @Test
    void streamsCountThePointsTheyApplyAndPumpsThoseTheyAppend() {
        EngineFixture engine = EngineFixture.direct();
        engine.hub.publish(demo, EngineFixture.values(1, 2, 3));
        assertEquals(3, engine.hub.streams().find(demo).orElseThrow().appliedPoints());
        StreamPump pump = engine.pump("sine", new SineSource(0, 1, 10, 0, 1), java.time.Duration.ofMillis(100));
        engine.log.create(pump.stream()).join();
        pump.tick();
        pump.tick();
        assertEquals(2, pump.appended());
        assertEquals(2, engine.hub.streams().find(pump.stream()).orElseThrow().appliedPoints());
    }
}
