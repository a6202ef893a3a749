package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.ManualExecutor;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HubTest {
    @Test
    void shutdownWaitsForAcceptedPublishesAndDeliversThemBeforeGoingAway() throws Exception {
        ManualExecutor lanes = new ManualExecutor();
        EngineFixture engine = new EngineFixture(lanes, EngineFixture.streams(100_000),
                ClientLimits.ofQueue(1_000_000, OverflowPolicy.DROP_OLDEST));
        StreamId id = StreamId.of("s");
        RecordingTransport client = new RecordingTransport("c");
        engine.connect(client, 100_000).subscribe(engine.hub.streams().getOrCreate(id), Resume.live());
        lanes.runAll();
        PendingPublish publish = engine.hub.publish(id, EngineFixture.values(1, 2, 3));

        Thread closing = new Thread(engine.hub::close, "closing");
        closing.start();
        Awaits.await("close() to wait for something, or to end", Duration.ofSeconds(10),
                () -> closing.getState() == Thread.State.TIMED_WAITING || !closing.isAlive());
        assertFalse(client.closedWith() != null, "the client is not told to go away while a publish is pending");
        lanes.runAll();
        closing.join(10_000);

        assertEquals(3, publish.get().count(), "the accepted publish completed");
        assertEquals(List.of("subscribed s last=0", "points s 1,2,3"), client.frames(),
                "its points went out before the connection closed");
        assertEquals(DisconnectReason.SERVER_SHUTDOWN, client.closedWith());
        assertThrows(EngineClosedException.class, () -> engine.hub.publish(id, EngineFixture.values(4)));
        assertTrue(engine.hub.connect(new RecordingTransport("late"), new FakeCodec(1)).isEmpty());
    }

    @Test
    void shutdownLetsEachClientReceiveWhatWasQueuedForIt() throws Exception {
        EngineFixture engine = EngineFixture.direct();
        StreamId id = StreamId.of("s");
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        engine.connect(slow, 100).subscribe(engine.hub.streams().getOrCreate(id), Resume.live());
        engine.hub.publish(id, EngineFixture.values(1, 2));

        Thread closing = new Thread(engine.hub::close, "closing");
        closing.start();
        Awaits.await("close() to wait for the client's queue", Duration.ofSeconds(10),
                () -> closing.getState() == Thread.State.TIMED_WAITING);
        slow.release();
        closing.join(10_000);

        assertEquals(List.of("subscribed s last=0", "points s 1,2"), slow.frames());
        assertEquals(DisconnectReason.SERVER_SHUTDOWN, slow.closedWith());
    }

    @Test
    void aWithdrawnPublishIsNeverAppliedSoARetryFindsEachPointOnce() throws Exception {
        ManualExecutor lanes = new ManualExecutor();
        EngineFixture engine = new EngineFixture(lanes, EngineFixture.streams(100),
                ClientLimits.ofQueue(1_000, OverflowPolicy.DROP_OLDEST));
        StreamId id = StreamId.of("s");
        long t = engine.clock.millis();
        PointBatch batch = new PointBatch(new long[] {t, t + 1}, new double[] {1, 2});

        PendingPublish timedOut = engine.hub.publish(id, batch);
        assertTrue(timedOut.cancel(false), "not started: the caller may answer 503 and promise nothing applied");
        PendingPublish retry = engine.hub.publish(id, batch);
        lanes.runAll();

        assertEquals(1, retry.get().firstSeq());
        Stream stream = engine.hub.streams().find(id).orElseThrow();
        CompletableFuture<List<Point>> read = stream.read(0, 100);
        lanes.runAll();
        assertEquals(List.of(new Point(1, t, 1), new Point(2, t + 1, 2)), read.get(), "each point once");

        PendingPublish applied = engine.hub.publish(id, EngineFixture.values(3));
        lanes.runAll();
        assertFalse(applied.cancel(false), "once applied it cannot be withdrawn");
        assertEquals(3, applied.get().lastSeq());
    }

    @Test
    void aRefusedPublishNeverCreatesAStream() {
        EngineFixture engine = EngineFixture.direct();
        long tooFar = engine.clock.millis() + 60_001;
        PendingPublish refused = engine.hub.publish(StreamId.of("new"),
                new PointBatch(new long[] {tooFar}, new double[] {1}));

        assertTrue(refused.isCompletedExceptionally());
        assertTrue(engine.hub.streams().find(StreamId.of("new")).isEmpty());
        PendingPublish backwards = engine.hub.publish(StreamId.of("new"),
                new PointBatch(new long[] {5, 4}, new double[] {1, 2}));
        assertTrue(backwards.isCompletedExceptionally());
        assertTrue(engine.hub.streams().find(StreamId.of("new")).isEmpty());
    }

    @Test
    void publishingIntoASourceFedStreamIsRefusedUnlessAllowed() {
        EngineFixture engine = EngineFixture.direct();
        engine.hub.addPump(engine.pump("sine", new ReplaySource(Dataset.of("t", 1)), Duration.ofSeconds(1)));

        assertThrows(SourceFedStreamException.class,
                () -> engine.hub.publish(StreamId.of("sine"), EngineFixture.values(1)));
        EngineFixture allowing = new EngineFixture(Runnable::run,
                new StreamLimits(100, 60_000, 10, true, 60_000, true),
                ClientLimits.ofQueue(1_000, OverflowPolicy.DROP_OLDEST));
        allowing.hub.addPump(allowing.pump("sine", new ReplaySource(Dataset.of("t", 1)), Duration.ofSeconds(1)));
        assertFalse(allowing.hub.publish(StreamId.of("sine"), EngineFixture.values(1)).isCompletedExceptionally());
    }

    @Test
    void theSweepSurvivesAnyFailureButAVirtualMachineErrorAndRecordsWhenItRan() {
        EngineFixture engine = EngineFixture.direct();
        RecordingTransport failing = new RecordingTransport("failing")
                .failOnClose(new IllegalStateException("broken"));
        engine.connect(failing, 10);
        RecordingTransport healthy = new RecordingTransport("healthy");
        engine.connect(healthy, 10);
        assertTrue(engine.hub.nanosSinceLastSweep().isEmpty());

        engine.clock.advance(30_001);
        engine.hub.sweep();

        assertEquals(DisconnectReason.IDLE_TIMEOUT, failing.closedWith());
        assertEquals(DisconnectReason.IDLE_TIMEOUT, healthy.closedWith(), "the failure did not stop the sweep");
        assertEquals(0, engine.hub.connectionCount());
        engine.clock.advance(700);
        assertEquals(700_000_000L, engine.hub.nanosSinceLastSweep().getAsLong());
    }

    @Test
    void clientStatsCountClosesByReasonAndDrops() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(100, 60_000, 10, true, 60_000, false),
                new ClientLimits(2, 2 / 2, OverflowPolicy.DROP_OLDEST, 5_000, 8, 8));
        StreamId id = StreamId.of("s");
        RecordingTransport slow = new RecordingTransport("slow").holdSends();
        ClientConnection connection = engine.hub.connect(slow, new FakeCodec(100)).orElseThrow();
        connection.subscribe(engine.hub.streams().getOrCreate(id), Resume.live());
        for (int i = 0; i < 6; i++) {
            engine.hub.publish(id, EngineFixture.values(i));
        }
        ClientStats during = engine.hub.clientStats();
        connection.close(DisconnectReason.SLOW_CONSUMER);
        ClientStats after = engine.hub.clientStats();

        assertEquals(1, during.connections());
        assertEquals(2, during.queuedPoints());
        assertEquals(4, during.droppedPoints(), "the subscribed reply is in flight; points 1-4 dropped, 5-6 wait");
        assertEquals(0, after.connections());
        assertEquals(4, after.droppedPoints());
        assertEquals(1L, after.closedByReason().get(DisconnectReason.SLOW_CONSUMER));
    }
}
