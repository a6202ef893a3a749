package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.RecordingTransport;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {
    private final StreamId demo = StreamId.of("demo");

    private static EngineFixture engine(int queuePoints, OverflowPolicy policy) {
        return new EngineFixture(Runnable::run, new StreamLimits(1_000, 60_000, 10, true, 100, 60_000),
                new ClientLimits(queuePoints, policy, 5_000, 2));
    }

    private void publish(EngineFixture engine, int count) {
        for (int i = 0; i < count; i++) {
            engine.hub.publish(demo, EngineFixture.values(i));
        }
    }

    @Test
    void aClientThatKeepsUpGetsOneFramePerPublish() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

        publish(engine, 3);

        assertEquals(List.of("subscribed demo last=0", "points demo 1", "points demo 2", "points demo 3"),
                client.frames());
        assertEquals(1, client.maxInFlight());
    }

    @Test
    void pointsThatPileUpDuringASendGoOutTogetherInTheNextFrame() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

        publish(engine, 10);
        client.release();

        assertEquals(List.of("subscribed demo last=0", "points demo 1,2,3,4,5,6,7,8,9,10"), client.frames());
    }

    @Test
    void batchesNeverExceedTheCodecsFrameSize() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 4).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

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
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
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
    void dropOldestDropsWholeChunksAndAnnouncesTheGapBeforeTheRest() {
        EngineFixture engine = engine(5, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

        publish(engine, 12);
        client.release();

        assertEquals(List.of("subscribed demo last=0", "gap demo 1-7 overflow", "points demo 8,9,10,11,12"),
                client.frames());
        assertEquals(7, connection.droppedPoints());
        assertFalse(connection.isClosed());
    }

    @Test
    void theClosePolicyClosesAClientThatOverflows() {
        EngineFixture engine = engine(5, OverflowPolicy.CLOSE);
        RecordingTransport client = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

        publish(engine, 7);

        assertTrue(connection.isClosed());
        assertEquals(DisconnectReason.SLOW_CONSUMER, client.closedWith());
        assertEquals(0, engine.hub.streams().getOrCreate(demo).state().subscribers());
        assertEquals(0, engine.hub.connectionCount());
    }

    @Test
    void aSendInFlightLongerThanTheLagLimitClosesTheClient() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        RecordingTransport fast = new RecordingTransport("fast");
        engine.connect(slow, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.connect(fast, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

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
        engine.connect(slow, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

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
    void aFailedSendClosesOnlyThatClient() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport broken = new RecordingTransport("broken").holdSends();
        ClientConnection connection = engine.connect(broken, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

        broken.failHeld(new IOException("broken pipe"));

        assertTrue(connection.isClosed());
        assertEquals(DisconnectReason.SEND_FAILED, broken.closedWith());
    }

    @Test
    void aLongBacklogOfInlineCompletionsDrainsWithoutRecursion() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(10, 60_000, 10, true, 10, 60_000),
                new ClientLimits(1_000_000, OverflowPolicy.DROP_OLDEST, 5_000, 2));
        RecordingTransport client = new RecordingTransport("c").holdSends();
        engine.connect(client, 1).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        publish(engine, 50_000);

        client.release();

        assertEquals(50_001, client.frames().size());
    }

    @Test
    void aBlockingTransportSendsOnlyFromTheSendExecutor() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = RecordingTransport.blocking("c");
        engine.connect(client, 100).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        publish(engine, 2);

        assertEquals(List.of(), client.frames(), "nothing is written on the publishing thread");

        assertEquals(1, engine.blockingSends.runAll(), "one turn sends everything queued");
        assertEquals(List.of("subscribed demo last=0", "points demo 1,2"), client.frames());
    }

    @Test
    void aTurnOnTheSendExecutorEndsAfterABoundedNumberOfFrames() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(100, 60_000, 10, true, 10, 60_000),
                new ClientLimits(1_000, OverflowPolicy.DROP_OLDEST, 5_000, 2));
        RecordingTransport client = RecordingTransport.blocking("c");
        engine.connect(client, 1).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        publish(engine, 2 * ClientConnection.SENDS_PER_TURN);

        int turns = engine.blockingSends.runAll();

        assertEquals(2 * ClientConnection.SENDS_PER_TURN + 1, client.frames().size());
        assertEquals(3, turns, "32 frames, 32 more, then the last: other clients get the thread in between");
    }

    @Test
    void aTurnOnTheSendExecutorAlsoEndsWhenItsTimeIsUp() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(100, 60_000, 10, true, 10, 60_000),
                new ClientLimits(1_000, OverflowPolicy.DROP_OLDEST, 5_000, 2));
        RecordingTransport slowReader = RecordingTransport.blocking("slow-reader")
                .duringEachSend(() -> engine.clock.advance(3));
        engine.connect(slowReader, 1).subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
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
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
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

        assertFalse(connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("a")), Resume.live()),
                "already subscribed");
        assertThrows(SubscriptionLimitException.class,
                () -> connection.subscribe(engine.hub.streams().getOrCreate(StreamId.of("c")), Resume.live()));
    }

    @Test
    void unsubscribingStopsDeliveryAndDiscardsWhatWasQueued() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        publish(engine, 3);

        assertTrue(connection.unsubscribe(demo));
        publish(engine, 2);
        client.release();

        assertEquals(List.of("subscribed demo last=0"), client.frames(), "nothing of the ended subscription");
        assertEquals(0, engine.hub.streams().getOrCreate(demo).state().subscribers());
    }

    @Test
    void connectionsAreLimited() {
        EngineFixture engine = engine(100, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 100; i++) {
            engine.connect(new RecordingTransport("c" + i), 1);
        }
        assertTrue(engine.hub.connect(new RecordingTransport("one-too-many"),
                new io.seriesflow.testkit.FakeCodec(1)).isEmpty());
    }

    @Test
    void aClientReceivingSteadilyIsStillPingedAndStaysWhileItAnswers() {
        EngineFixture engine = engine(1_000, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("busy");
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());

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
    void aPingWaitsForTheSendInFlight() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(1_000, 60_000, 10, true, 100, 60_000),
                new ClientLimits(1_000, OverflowPolicy.DROP_OLDEST, 60_000, 2));
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        engine.clock.advance(10_000);
        connection.heardFrom();

        engine.hub.sweep();
        assertEquals(0, client.pings(), "the subscribed reply is in flight");
        client.release();

        assertEquals(1, client.pings());
        assertEquals(1, client.maxInFlight());
    }

    @Test
    void aGapIsAnnouncedEvenWhenAllOfAStreamsQueuedPointsWereDropped() {
        EngineFixture engine = engine(2, OverflowPolicy.DROP_OLDEST);
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        StreamId other = StreamId.of("other");
        connection.subscribe(engine.hub.streams().getOrCreate(demo), Resume.live());
        connection.subscribe(engine.hub.streams().getOrCreate(other), Resume.live());

        engine.hub.publish(demo, EngineFixture.values(1, 2));
        engine.hub.publish(other, EngineFixture.values(1, 2));
        client.release();

        assertEquals(List.of("subscribed demo last=0", "subscribed other last=0", "gap demo 1-2 overflow",
                "points other 1,2"), client.frames());
    }

    @Test
    void subscribingWhileTheConnectionClosesLeavesNothingInTheStream() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            EngineFixture engine = new EngineFixture(pool, new StreamLimits(10, 60_000, 10, true, 10, 60_000),
                    new ClientLimits(100, OverflowPolicy.DROP_OLDEST, 5_000, 8));
            Stream stream = engine.hub.streams().getOrCreate(demo);
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
