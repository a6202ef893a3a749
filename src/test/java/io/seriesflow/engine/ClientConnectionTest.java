package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {
    private final StreamId demo = StreamId.of("demo");

    /** A queue of {@code highWaterBytes} (FakeCodec: one byte per point, a reply its length) trimmed to half. */
    private static EngineFixture engine(long highWaterBytes, OverflowPolicy policy) {
        return new EngineFixture(Runnable::run, EngineFixture.streams(1_000),
                new ClientLimits(highWaterBytes, highWaterBytes / 2, policy, 5_000, 2, 8));
    }

    private void publish(EngineFixture engine, int count) {
        for (int i = 0; i < count; i++) {
            engine.hub.publish(demo, EngineFixture.values(i));
        }
    }

    private Stream demo(EngineFixture engine) {
        return engine.hub.streams().getOrCreate(demo);
    }

    @Test
    void aClientThatKeepsUpGetsOneFramePerPublish() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100).subscribe(demo(engine), Resume.live());

        publish(engine, 3);

        assertEquals(List.of("subscribed demo last=0", "points demo 1", "points demo 2", "points demo 3"),
                client.frames());
        assertEquals(1, client.maxInFlight());
    }

    @Test
    void pointsThatPileUpDuringASendGoOutTogetherInTheNextFrame() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 100).subscribe(demo(engine), Resume.live());

        publish(engine, 10);
        client.release();

        assertEquals(List.of("subscribed demo last=0", "points demo 1,2,3,4,5,6,7,8,9,10"), client.frames());
    }

    @Test
    void batchesNeverExceedTheCodecsFrameSize() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 4).subscribe(demo(engine), Resume.live());

        publish(engine, 10);
        client.release();

        assertEquals(List.of("subscribed demo last=0", "points demo 1,2,3,4", "points demo 5,6,7,8",
                "points demo 9,10"), client.frames());
    }

    @Test
    void oneBatchCarriesOneStreamAndTheStreamsStayInOrder() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        StreamId other = StreamId.of("other");
        connection.subscribe(demo(engine), Resume.live());
        connection.subscribe(engine.hub.streams().getOrCreate(other), Resume.live());

        engine.hub.publish(demo, EngineFixture.values(1));
        engine.hub.publish(demo, EngineFixture.values(2));
        engine.hub.publish(other, EngineFixture.values(3));
        engine.hub.publish(demo, EngineFixture.values(4));
        client.release();

        assertEquals(List.of("subscribed demo last=0", "subscribed other last=0", "points demo 1,2",
                "points other 1", "points demo 3"), client.frames());
    }

    @Test
    void aboveTheHighWaterMarkDropOldestTrimsToTheLowMarkAndAnnouncesTheGapBeforeTheRest() {
        EngineFixture engine = engine(10, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());

        publish(engine, 12);
        assertEquals(6, connection.queuedBytes(), "trimmed to 5 bytes when the 11th arrived, then one more");
        client.release();

        assertEquals(List.of("subscribed demo last=0", "gap demo 1-6 overflow", "points demo 7,8,9,10,11,12"),
                client.frames());
        assertEquals(6, connection.droppedPoints());
        assertFalse(connection.isClosed());
    }

    @Test
    void dropOldestKeepsAtLeastTheNewestChunkEvenWhenItAloneIsOverTheBudget() {
        EngineFixture engine = engine(10, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());

        engine.hub.publish(demo, EngineFixture.values(new double[30]));
        assertEquals(30, connection.queuedPoints(), "the newest chunk is never dropped");
        engine.hub.publish(demo, EngineFixture.values(1, 2));
        client.release();

        assertEquals(List.of("subscribed demo last=0", "gap demo 1-30 overflow", "points demo 31,32"),
                client.frames());
        assertEquals(30, connection.droppedPoints());
    }

    @Test
    void theClosePolicyClosesAClientThatGoesAboveTheHighWaterMark() {
        EngineFixture engine = engine(5, OverflowPolicy.CLOSE);
        RecordingTransport client = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());

        publish(engine, 6);

        assertTrue(connection.isClosed());
        assertEquals(DisconnectReason.SLOW_CONSUMER, client.closedWith());
        assertEquals(0, demo(engine).state().subscribers());
        assertEquals(0, engine.hub.connectionCount());
    }

    @Test
    void repliesCountAgainstTheBudgetAndOneBeyondItClosesTheClientAsTooSlow() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("not-reading").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.enqueueControl(Frame.text("the first reply, now in flight"));

        for (int i = 0; i < 10; i++) {
            connection.enqueueControl(Frame.text(String.format("reply-%04d", i)));
            assertFalse(connection.isClosed(), "reply " + i + " fits: " + connection.queuedBytes() + " bytes");
        }
        connection.enqueueControl(Frame.text("one too many"));

        assertEquals(DisconnectReason.SLOW_CONSUMER, client.closedWith());
        assertEquals(0, connection.queuedBytes(), "a closed connection holds nothing");
    }

    @Test
    void anErrorReplyIdenticalToOneStillWaitingIsNotQueuedAgain() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.enqueueControl(Frame.text("in flight"));

        for (int i = 0; i < 50; i++) {
            connection.enqueueError(Frame.text("error rate-limited"));
        }
        connection.enqueueError(Frame.text("error bad-message"));
        client.release();
        connection.enqueueError(Frame.text("error rate-limited"));

        assertEquals(List.of("in flight", "error rate-limited", "error bad-message", "error rate-limited"),
                client.frames(), "once while one waits; again once it has gone out");
        assertEquals(49, connection.coalescedReplies());
    }

    @Test
    void replayedHistoryIsSharedAndDoesNotCountAgainstTheBudget() {
        EngineFixture engine = engine(10, OverflowPolicy.DROP_OLDEST);
        publish(engine, 500);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 1_000);

        connection.subscribe(demo(engine), Resume.after(0, "epoch1"));
        assertEquals(500, connection.queuedPoints());
        assertTrue(connection.queuedBytes() < 10, "only the reply counts: " + connection.queuedBytes());
        client.release();

        assertEquals(LongStream.rangeClosed(1, 500).boxed().toList(),
                client.frames().stream().flatMap(f -> FakeCodec.seqs(f).stream()).toList());
        assertEquals(0, connection.droppedPoints());
    }

    @Test
    void aSendInFlightLongerThanTheLagLimitClosesTheClient() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        RecordingTransport fast = new RecordingTransport("fast");
        engine.connect(slow, 100).subscribe(demo(engine), Resume.live());
        engine.connect(fast, 100).subscribe(demo(engine), Resume.live());

        publish(engine, 2);
        engine.clock.advance(5_001);
        publish(engine, 1);

        assertEquals(DisconnectReason.SLOW_CONSUMER, slow.closedWith());
        assertNull(fast.closedWith());
        assertEquals(4, fast.frames().size());
    }

    @Test
    void theSweepClosesALaggingClientEvenWhenNothingIsPublished() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        engine.connect(slow, 100).subscribe(demo(engine), Resume.live());

        engine.clock.advance(5_001);
        engine.hub.sweep();

        assertEquals(DisconnectReason.SLOW_CONSUMER, slow.closedWith());
    }

    @Test
    void theSweepPingsQuietClientsAndClosesSilentOnes() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c");
        ClientConnection connection = engine.connect(client, 100);

        engine.clock.advance(9_000);
        engine.hub.sweep();
        assertEquals(0, client.pings(), "not quiet long enough yet");

        engine.clock.advance(1_000);
        engine.hub.sweep();
        assertEquals(1, client.pings());

        connection.heardFrom();
        engine.clock.advance(29_000);
        engine.hub.sweep();
        assertNull(client.closedWith(), "a pong within the idle timeout keeps the client");

        engine.clock.advance(1_001);
        engine.hub.sweep();
        assertEquals(DisconnectReason.IDLE_TIMEOUT, client.closedWith());
    }

    @Test
    void steppingTheWallClockForwardOrBackNeitherClosesNorSparesAClient() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport quiet = new RecordingTransport("quiet");
        RecordingTransport stuck = new RecordingTransport("stuck").holdSends();
        engine.connect(quiet, 100);
        engine.connect(stuck, 100).subscribe(demo(engine), Resume.live());

        engine.clock.stepWall(3_600_000);
        engine.hub.sweep();
        engine.clock.stepWall(-7_200_000);
        engine.hub.sweep();
        assertNull(quiet.closedWith(), "an hour of wall clock is not an hour of silence");
        assertNull(stuck.closedWith(), "nor an hour of lag");
        assertEquals(0, quiet.pings(), "nor a ping interval");

        engine.clock.advance(5_001);
        engine.hub.sweep();
        assertEquals(DisconnectReason.SLOW_CONSUMER, stuck.closedWith(), "real time still counts");
        assertEquals(0, quiet.pings(), "5 s of real time is not yet a ping interval");
        engine.clock.advance(5_000);
        engine.hub.sweep();
        assertEquals(1, quiet.pings());
    }

    @Test
    void aFailedSendClosesOnlyThatClient() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport broken = new RecordingTransport("broken").holdSends();
        ClientConnection connection = engine.connect(broken, 100);
        connection.subscribe(demo(engine), Resume.live());

        broken.failHeld(new IOException("broken pipe"));

        assertTrue(connection.isClosed());
        assertEquals(DisconnectReason.SEND_FAILED, broken.closedWith());
    }

    @Test
    void closeReleasesTheConnectionsSlotAndCountersEvenWhenTheTransportFailsToClose() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport failing = new RecordingTransport("failing")
                .failOnClose(new IllegalStateException("socket already gone"));
        ClientConnection connection = engine.connect(failing, 100);
        connection.subscribe(demo(engine), Resume.live());

        connection.close(DisconnectReason.IDLE_TIMEOUT);

        assertTrue(connection.isClosed());
        assertEquals(0, engine.hub.connectionCount());
        assertEquals(0, demo(engine).state().subscribers());
        assertEquals(1L, engine.hub.clientStats().closedByReason().get(DisconnectReason.IDLE_TIMEOUT));
        assertTrue(connection.closedFuture().isDone());
    }

    @Test
    void aLongBacklogOfInlineCompletionsDrainsWithoutRecursion() {
        EngineFixture engine = new EngineFixture(Runnable::run, EngineFixture.streams(10),
                ClientLimits.ofQueue(1_000_000, OverflowPolicy.DROP_OLDEST));
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 1).subscribe(demo(engine), Resume.live());
        publish(engine, 50_000);

        client.release();

        assertEquals(50_001, client.frames().size());
    }

    @Test
    void aBlockingTransportSendsOnlyFromTheSendExecutor() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = RecordingTransport.blocking("c");
        engine.connect(client, 100).subscribe(demo(engine), Resume.live());
        publish(engine, 2);

        assertEquals(List.of(), client.frames(), "nothing is written on the publishing thread");

        assertEquals(1, engine.blockingSends.runAll(), "one turn sends everything queued");
        assertEquals(List.of("subscribed demo last=0", "points demo 1,2"), client.frames());
    }

    @Test
    void aTurnOnTheSendExecutorEndsAfterABoundedNumberOfFrames() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = RecordingTransport.blocking("c");
        engine.connect(client, 1).subscribe(demo(engine), Resume.live());
        publish(engine, 2 * ClientConnection.SENDS_PER_TURN);

        int turns = engine.blockingSends.runAll();

        assertEquals(2 * ClientConnection.SENDS_PER_TURN + 1, client.frames().size());
        assertEquals(3, turns, "32 frames, 32 more, then the last: other clients get the thread in between");
    }

    @Test
    void aTurnOnTheSendExecutorAlsoEndsWhenItsTimeIsUp() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport slowReader = RecordingTransport.blocking("slow-reader")
                .duringEachSend(() -> engine.clock.advance(3));
        engine.connect(slowReader, 1).subscribe(demo(engine), Resume.live());
        publish(engine, 9);

        int turns = engine.blockingSends.runAll();

        assertEquals(10, slowReader.frames().size());
        assertEquals(5, turns, "3 ms per frame: two frames, then the 5 ms turn is up");
    }

    @Test
    void aBlockingSendThatTimesOutClosesTheClientAsTooSlow() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport stalled = RecordingTransport.blocking("stalled").holdSends();
        ClientConnection connection = engine.connect(stalled, 100);
        connection.subscribe(demo(engine), Resume.live());
        engine.blockingSends.runAll();

        stalled.failHeld(new SendTimedOutException("write blocked 500 ms", null));

        assertTrue(connection.isClosed());
        assertEquals(DisconnectReason.SLOW_CONSUMER, stalled.closedWith());
    }

    @Test
    void theSweepPingsABlockingTransportFromTheSendExecutor() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = RecordingTransport.blocking("c");
        engine.connect(client, 100);

        engine.clock.advance(10_000);
        engine.hub.sweep();
        assertEquals(0, client.pings(), "the sweep's thread does not write");

        engine.blockingSends.runAll();
        assertEquals(1, client.pings());
    }

    @Test
    void subscriptionsAreLimitedPerConnection() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        ClientConnection connection = engine.connect(new RecordingTransport("c"), 100);
        connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("a")), Resume.live());
        connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("b")), Resume.live());

        assertEquals(Optional.empty(),
                connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("a")), Resume.live()),
                "already subscribed");
        assertThrows(SubscriptionLimitException.class,
                () -> connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("c")), Resume.live()));
    }

    @Test
    void unsubscribingStopsDeliveryAndDiscardsWhatWasQueued() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());
        publish(engine, 3);

        assertTrue(connection.unsubscribe(demo));
        publish(engine, 2);
        client.release();

        assertEquals(List.of("subscribed demo last=0"), client.frames(), "nothing of the ended subscription");
        assertEquals(0, demo(engine).state().subscribers());
        assertEquals(0, connection.queuedBytes());
    }

    @Test
    void connectionsAreLimitedAndRefusalsAreCounted() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 100; i++) {
            engine.connect(new RecordingTransport("c" + i), 1);
        }
        assertTrue(engine.hub.connect(new RecordingTransport("one-too-many"), new FakeCodec(1)).isEmpty());
        assertEquals(1L, engine.hub.clientStats().closedByReason().get(DisconnectReason.TOO_MANY_CONNECTIONS));
    }

    @Test
    void aClientReceivingSteadilyIsStillPingedAndStaysWhileItAnswers() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("busy");
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());

        for (int second = 0; second < 120; second++) {
            publish(engine, 1);
            engine.clock.advance(1_000);
            int pingsBefore = client.pings();
            engine.hub.sweep();
            if (client.pings() > pingsBefore) {
                connection.heardFrom();
            }
        }

        assertTrue(client.pings() >= 11, "pinged every 10 s although data flowed: " + client.pings());
        assertNull(client.closedWith());
    }

    @Test
    void aPingWaitsForTheSendInFlightThenGoesFirst() {
        EngineFixture engine = new EngineFixture(Runnable::run, EngineFixture.streams(1_000),
                new ClientLimits(1_000, 500, OverflowPolicy.DROP_OLDEST, 60_000, 2, 8));
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());
        engine.clock.advance(10_000);
        connection.heardFrom();
        publish(engine, 1);

        engine.hub.sweep();
        assertEquals(0, client.pings(), "the subscribed reply is in flight");
        client.completeHeld();

        assertEquals(List.of("subscribed demo last=0", "ping", "points demo 1"), client.events(),
                "the ping went before the waiting points");
        client.release();
        assertEquals(1, client.maxInFlight());
    }

    @Test
    void aGapIsAnnouncedEvenWhenAllOfAStreamsQueuedPointsWereDropped() {
        EngineFixture engine = engine(30, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        StreamId other = StreamId.of("other");
        connection.subscribe(demo(engine), Resume.live());
        connection.subscribe(engine.hub.streams().getOrCreate(other), Resume.live());
        assertEquals(23, connection.queuedBytes(), "the second reply waits");

        engine.hub.publish(demo, EngineFixture.values(1, 2, 3, 4, 5));
        engine.hub.publish(other, EngineFixture.values(1, 2, 3, 4, 5));
        client.release();

        assertEquals(List.of("subscribed demo last=0", "subscribed other last=0", "gap demo 1-5 overflow",
                "points other 1,2,3,4,5"), client.frames());
    }

    @Test
    void finishSendsWhatIsQueuedThenCloses() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(demo(engine), Resume.live());
        publish(engine, 3);

        connection.finish(DisconnectReason.SERVER_SHUTDOWN);
        assertFalse(connection.isClosed(), "frames are still waiting");
        client.release();

        assertEquals(List.of("subscribed demo last=0", "points demo 1,2,3"), client.frames());
        assertEquals(DisconnectReason.SERVER_SHUTDOWN, client.closedWith());
    }

    @Test
    void subscribingWhileTheConnectionClosesLeavesNothingInTheStream() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            EngineFixture engine = new EngineFixture(pool, EngineFixture.streams(10),
                    ClientLimits.ofQueue(100, OverflowPolicy.DROP_OLDEST));
            Stream stream = demo(engine);
            for (int i = 0; i < 2_000; i++) {
                ClientConnection connection = engine.connect(new RecordingTransport("c" + i), 10);
                java.util.concurrent.Future<?> closing =
                        pool.submit(() -> connection.close(DisconnectReason.CLIENT_CLOSED));
                connection.subscribe(stream, Resume.live());
                closing.get();
            }
            stream.read(0, 1).get();
            io.seriesflow.testkit.Awaits.await("the lane to settle", java.time.Duration.ofSeconds(10),
                    () -> stream.state().subscribers() == 0, () -> stream.state().toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
