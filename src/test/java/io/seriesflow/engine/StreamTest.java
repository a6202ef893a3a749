package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.ManualExecutor;
import io.seriesflow.testkit.RecordingTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StreamTest {
    private final EngineFixture engine = EngineFixture.direct();
    private final StreamId demo = StreamId.of("demo");

    private Stream stream() {
        return engine.hub.streams().getOrCreate(demo);
    }

    private static List<Long> receivedSeqs(RecordingTransport transport) {
        List<Long> seqs = new ArrayList<>();
        transport.frames().forEach(frame -> seqs.addAll(FakeCodec.seqs(frame)));
        return seqs;
    }

    @Test
    void publishingAssignsConsecutiveSeqsAcrossBatches() throws Exception {
        PublishResult first = engine.hub.publish(demo, EngineFixture.values(1, 2, 3)).get();
        PublishResult second = engine.hub.publish(demo, EngineFixture.values(4)).get();

        assertEquals(1, first.firstSeq());
        assertEquals(3, first.lastSeq());
        assertEquals(4, second.firstSeq());
        assertEquals(4, stream().state().lastSeq());
    }

    @Test
    void aTimestampGoingBackRejectsTheWholeBatch() throws Exception {
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100).subscribe(stream(), Resume.live());
        long t = engine.clock.millis();
        engine.hub.publish(demo, new PointBatch(new long[] {t + 100, t + 200}, new double[] {1, 2})).get();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> engine.hub.publish(demo,
                new PointBatch(new long[] {t + 300, t + 150, t + 400}, new double[] {3, 4, 5})).get());

        TimestampOrderException order = assertInstanceOf(TimestampOrderException.class, failure.getCause());
        assertEquals(1, order.index());
        assertEquals(2, stream().state().lastSeq(), "nothing of the rejected batch was appended");
        assertEquals(List.of(1L, 2L), receivedSeqs(client), "subscribers saw nothing of it");
        assertEquals(2, stream().read(0, 100).get().size());
    }

    @Test
    void pointsWithoutTimestampGetTheClockTimeButNeverGoBack() throws Exception {
        engine.hub.publish(demo, new PointBatch(new long[] {engine.clock.millis() + 5_000}, new double[] {1}))
                .get();
        engine.hub.publish(demo, EngineFixture.values(2)).get();

        List<Point> points = stream().read(0, 10).get();
        assertEquals(points.get(0).timestamp(), points.get(1).timestamp());
    }

    @Test
    void resumeReplaysRetainedPointsThenGoesLiveWithoutHoleOrDuplicate() {
        ManualExecutor lanes = new ManualExecutor();
        EngineFixture manual = new EngineFixture(lanes, new StreamLimits(1_000, 60_000, 10, true, 60_000, false),
                new ClientLimits(1_000, 1_000 / 2, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
        for (int i = 0; i < 10; i++) {
            manual.hub.publish(demo, EngineFixture.values(i));
        }
        lanes.runAll();
        RecordingTransport client = new RecordingTransport("c");
        Stream stream = manual.hub.streams().find(demo).orElseThrow();

        manual.connect(client, 100).subscribe(stream, Resume.after(4, "epoch1"));
        manual.hub.publish(demo, EngineFixture.values(10, 11));
        manual.hub.publish(demo, EngineFixture.values(12));
        lanes.runAll();

        assertEquals("subscribed demo last=10", client.frames().get(0));
        assertEquals(LongStream.rangeClosed(5, 13).boxed().toList(), receivedSeqs(client));
    }

    @Test
    void resumeIsExactlyOnceWhilePublishersRunConcurrently() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            EngineFixture threaded = new EngineFixture(pool,
                    new StreamLimits(100_000, 600_000, 10, true, 60_000, false),
                    new ClientLimits(1_000_000, 1_000_000 / 2, OverflowPolicy.DROP_OLDEST, 60_000, 8, 8));
            Stream stream = threaded.hub.streams().getOrCreate(demo);
            List<RecordingTransport> clients = new ArrayList<>();
            List<Long> sinces = new ArrayList<>();
            List<java.util.concurrent.CompletableFuture<PublishResult>> publishes = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                publishes.add(threaded.hub.publish(demo, EngineFixture.values(round, round)));
                if (round % 20 == 10) {
                    long since = publishes.get(round / 2).get().lastSeq();
                    RecordingTransport client = new RecordingTransport("c" + round);
                    threaded.connect(client, 1_000).subscribe(stream, Resume.after(since, "epoch1"));
                    clients.add(client);
                    sinces.add(since);
                }
            }
            long last = publishes.get(publishes.size() - 1).get().lastSeq();
            stream.read(0, 1).get();
            for (int i = 0; i < clients.size(); i++) {
                RecordingTransport client = clients.get(i);
                long since = sinces.get(i);
                io.seriesflow.testkit.Awaits.await("client " + i + " to reach seq " + last,
                        java.time.Duration.ofSeconds(10), () -> {
                            List<Long> seqs = receivedSeqs(client);
                            return !seqs.isEmpty() && seqs.get(seqs.size() - 1) == last;
                        });
                assertEquals(LongStream.rangeClosed(since + 1, last).boxed().toList(), receivedSeqs(client),
                        "client " + i + " resumed after " + since);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSinceOlderThanTheHistoryGetsAGapFirst() throws Exception {
        EngineFixture small = new EngineFixture(Runnable::run, new StreamLimits(5, 60_000, 10, true, 60_000, false),
                new ClientLimits(100, 100 / 2, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
        for (int i = 0; i < 12; i++) {
            small.hub.publish(demo, EngineFixture.values(i)).get();
        }
        RecordingTransport client = new RecordingTransport("c");

        small.connect(client, 100).subscribe(small.hub.streams().find(demo).orElseThrow(), Resume.after(2, "epoch1"));

        assertEquals(List.of("subscribed demo last=12", "gap demo 3-7 history", "points demo 8,9,10,11,12"),
                client.frames());
    }

    @Test
    void anotherEpochGetsAResetAndEverythingRetained() throws Exception {
        engine.hub.publish(demo, EngineFixture.values(1, 2, 3)).get();
        RecordingTransport client = new RecordingTransport("c");

        engine.connect(client, 100).subscribe(stream(), Resume.after(2, "an-old-epoch"));

        assertEquals(List.of("subscribed demo last=3", "reset demo", "points demo 1,2,3"), client.frames());
    }

    @Test
    void aSinceBeyondTheStreamIsTreatedAsAnotherEpoch() throws Exception {
        engine.hub.publish(demo, EngineFixture.values(1)).get();
        RecordingTransport client = new RecordingTransport("c");

        engine.connect(client, 100).subscribe(stream(), Resume.after(99, null));

        assertEquals(List.of("subscribed demo last=1", "reset demo", "points demo 1"), client.frames());
    }

    @Test
    void liveSubscribersGetOnlyNewPoints() throws Exception {
        engine.hub.publish(demo, EngineFixture.values(1, 2)).get();
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100).subscribe(stream(), Resume.live());
        engine.hub.publish(demo, EngineFixture.values(3)).get();

        assertEquals(List.of(3L), receivedSeqs(client));
    }

    @Test
    void eachChunkIsEncodedOnceForAllClients() throws Exception {
        io.seriesflow.protocol.JsonCodec codec = new io.seriesflow.protocol.JsonCodec(100);
        List<RecordingTransport> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingTransport client = new RecordingTransport("c" + i);
            engine.hub.connect(client, codec).orElseThrow().subscribe(stream(), Resume.live());
            clients.add(client);
        }
        engine.hub.publish(demo, EngineFixture.values(1.5)).get();

        String frame = clients.get(0).frames().get(1);
        assertTrue(frame.startsWith("{\"type\":\"points\""), frame);
        for (RecordingTransport client : clients) {
            assertSame(frame, client.frames().get(1), "the very same encoded frame, not an equal copy");
        }
    }

    @Test
    void unknownStreamsAreCreatedOnPublishWithinTheLimit() {
        EngineFixture limited = new EngineFixture(Runnable::run, new StreamLimits(10, 60_000, 2, true, 60_000, false),
                new ClientLimits(100, 100 / 2, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
        limited.hub.publish(StreamId.of("a"), EngineFixture.values(1));
        limited.hub.publish(StreamId.of("b"), EngineFixture.values(1));

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> limited.hub.publish(StreamId.of("c"), EngineFixture.values(1)).get());
        assertInstanceOf(StreamLimitException.class, refused.getCause());
        assertEquals(2, limited.hub.streams().all().size());
    }

    @Test
    void publishingToAnUnknownStreamFailsWhenCreationIsOff() {
        EngineFixture closed = new EngineFixture(Runnable::run, new StreamLimits(10, 60_000, 2, false, 60_000, false),
                new ClientLimits(100, 100 / 2, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> closed.hub.publish(StreamId.of("nope"), EngineFixture.values(1)).get());
        assertInstanceOf(UnknownStreamException.class, refused.getCause());
    }

    @Test
    void afterCloseNothingIsAcceptedAndClientsGoAway() {
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100).subscribe(stream(), Resume.live());

        engine.hub.close();

        assertEquals(DisconnectReason.SERVER_SHUTDOWN, client.closedWith());
        assertThrows(EngineClosedException.class, () -> engine.hub.publish(demo, EngineFixture.values(1)));
        assertTrue(engine.hub.connect(new RecordingTransport("late"), new FakeCodec(1)).isEmpty());
        assertEquals(0, engine.hub.connectionCount());
    }

    @Test
    void timestampsTooFarAheadAreRefused() {
        long ahead = engine.clock.millis() + 60_001;
        ExecutionException failure = assertThrows(ExecutionException.class, () -> engine.hub.publish(demo,
                new PointBatch(new long[] {ahead}, new double[] {1})).get());
        assertTrue(failure.getCause().getMessage().contains("ahead of the server's clock"));
        assertEquals(0, stream().state().lastSeq());
    }

    @Test
    void readingFromTheLargestSinceReturnsNothing() throws Exception {
        engine.hub.publish(demo, EngineFixture.values(1, 2)).get();
        assertEquals(List.of(), stream().read(Long.MAX_VALUE, 10).get());
        assertEquals(List.of(), stream().read(2, 10).get());
    }
}
