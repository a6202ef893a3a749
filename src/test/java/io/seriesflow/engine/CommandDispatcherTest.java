package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.ManualExecutor;
import io.seriesflow.testkit.RecordingTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {
    private static final StreamId A = StreamId.of("a");
    private static final StreamId B = StreamId.of("b");

    private final ManualExecutor lanes = new ManualExecutor();
    private final EngineFixture engine = new EngineFixture(lanes, EngineFixture.streams(1_000),
            new ClientLimits(100_000, 50_000, OverflowPolicy.DROP_OLDEST, 60_000, 8, 1));

    private static ClientCommand subscribe(StreamId id) {
        return new ClientCommand.Subscribe(id, Resume.live());
    }

    private static ClientCommand resume(StreamId id) {
        return new ClientCommand.Subscribe(id, Resume.after(0, null));
    }

    private CommandDispatcher dispatcher(ClientConnection connection) {
        return engine.dispatcher(connection, EngineFixture.GENEROUS);
    }

    @Test
    void repliesKeepTheOrderOfTheCommandsAndEverySubscribeGetsOne() {
        engine.hub.streams().getOrCreate(A);
        RecordingTransport client = new RecordingTransport("c");
        CommandDispatcher dispatcher = dispatcher(engine.connect(client, 100));

        dispatcher.submit(subscribe(A));
        dispatcher.submit(new ClientCommand.Unsubscribe(A));
        dispatcher.submit(new ClientCommand.Time());
        dispatcher.submit(new ClientCommand.Invalid("malformed JSON"));
        assertEquals(List.of(), client.frames(), "the subscribe waits for its stream's lane, the others for it");
        lanes.runAll();

        assertEquals(List.of("subscribed a last=0", "unsubscribed a", "time 1000000", "error bad-message"),
                client.frames());
        assertEquals(0, dispatcher.pendingCommands());
    }

    @Test
    void refusalsAreAnsweredInTurnAndUnknownStreamsAndRepeatsToo() {
        engine.hub.streams().getOrCreate(A);
        RecordingTransport client = new RecordingTransport("c");
        CommandDispatcher dispatcher = dispatcher(engine.connect(client, 100));

        dispatcher.submit(subscribe(A));
        dispatcher.submit(subscribe(A));
        dispatcher.submit(subscribe(StreamId.of("nope")));
        dispatcher.submit(new ClientCommand.Unsubscribe(B));
        lanes.runAll();

        assertEquals(List.of("subscribed a last=0", "error already-subscribed a", "error unknown-stream nope",
                "error not-subscribed b"), client.frames());
    }

    @Test
    void messagesBeyondTheRateAreRefusedOnceAndAFloodIsClosed() {
        RecordingTransport client = new RecordingTransport("flood").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        CommandDispatcher dispatcher = engine.dispatcher(connection, new InboundLimits(10, 10, 10, 10, 50, 100));

        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            if (dispatcher.admit()) {
                admitted++;
                dispatcher.submit(new ClientCommand.Time());
            }
        }
        assertEquals(10, admitted, "a burst of 10");
        assertFalse(connection.isClosed(), "50 refusals in a row are tolerated");
        assertTrue(connection.queuedBytes() < 200, "10 replies and one refusal wait: " + connection.queuedBytes());
        client.completeHeld();
        assertEquals("time 1000000", client.frames().get(1));

        engine.clock.advance(1_000);
        assertTrue(dispatcher.admit(), "the bucket refills with time");
        for (int i = 0; i < 10; i++) {
            dispatcher.admit();
        }
        for (int i = 0; i < 50; i++) {
            dispatcher.admit();
        }
        assertEquals(DisconnectReason.TOO_MANY_REQUESTS, client.closedWith());
    }

    @Test
    void aRefusedMessageIsAnsweredWithRateLimited() {
        RecordingTransport client = new RecordingTransport("c");
        CommandDispatcher dispatcher = engine.dispatcher(engine.connect(client, 100),
                new InboundLimits(1, 1, 10, 10, 50, 100));

        assertTrue(dispatcher.admit());
        dispatcher.submit(new ClientCommand.Time());
        assertFalse(dispatcher.admit());
        assertFalse(dispatcher.admit());

        assertEquals(List.of("time 1000000", "error rate-limited", "error rate-limited"), client.frames(),
                "each refusal after the previous answer went out");
    }

    @Test
    void subscribesHaveTheirOwnRate() {
        for (String name : List.of("a", "b", "c")) {
            engine.hub.streams().getOrCreate(StreamId.of(name));
        }
        RecordingTransport client = new RecordingTransport("c");
        CommandDispatcher dispatcher = engine.dispatcher(engine.connect(client, 100),
                new InboundLimits(100, 100, 1, 2, 50, 100));

        dispatcher.submit(subscribe(A));
        dispatcher.submit(subscribe(B));
        dispatcher.submit(subscribe(StreamId.of("c")));
        lanes.runAll();

        assertEquals(List.of("subscribed a last=0", "subscribed b last=0", "error rate-limited c"), client.frames());
    }

    @Test
    void aSubscribeThatReplaysWaitsWhileTheConnectionHasAsManyReplaysAsAllowed() {
        engine.hub.publish(A, EngineFixture.values(1, 2, 3));
        engine.hub.publish(B, EngineFixture.values(4, 5));
        lanes.runAll();
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        CommandDispatcher dispatcher = dispatcher(connection);

        dispatcher.submit(resume(A));
        dispatcher.submit(resume(B));
        dispatcher.submit(new ClientCommand.Time());
        lanes.runAll();
        assertEquals(1, connection.replaysInProgress());
        assertEquals(2, dispatcher.pendingCommands(), "b's replay waits for a's");

        client.release();
        lanes.runAll();

        assertEquals(List.of("subscribed a last=3", "points a 1,2,3", "subscribed b last=2", "points b 1,2",
                "time 1000000"), client.frames());
        assertEquals(0, connection.replaysInProgress());
    }

    @Test
    void aBackfillTakesAReplaySlotAndOneAskingForTooManyBucketsIsRefused() {
        engine.hub.publish(A, EngineFixture.values(1, 2, 3));
        engine.hub.publish(B, EngineFixture.values(4, 5));
        lanes.runAll();
        RecordingTransport client = new RecordingTransport("c").holdSends();
        ClientConnection connection = engine.connect(client, 100);
        CommandDispatcher dispatcher = dispatcher(connection);
        long from = engine.clock.millis() - 1_000;

        dispatcher.submit(new ClientCommand.Subscribe(A, Resume.backfilled(new Backfill(from,
                StreamLimits.DEFAULT_AGGREGATE_BUCKETS + 1))));
        dispatcher.submit(new ClientCommand.Subscribe(A, Resume.backfilled(new Backfill(from, 10))));
        dispatcher.submit(new ClientCommand.Subscribe(B, Resume.backfilled(new Backfill(from, 10))));
        lanes.runAll();
        assertEquals(1, connection.replaysInProgress());
        assertEquals(1, dispatcher.pendingCommands(), "b's backfill waits for a's");

        client.release();
        lanes.runAll();

        assertEquals(List.of("error bad-message a", "subscribed a last=3", "aggregate a backfill 1-3 1,3",
                "subscribed b last=2", "aggregate b backfill 1-2 1,2"), client.frames());
        assertEquals(0, connection.replaysInProgress());
    }

    @Test
    void tooManyWaitingCommandsCloseTheConnection() {
        engine.hub.streams().getOrCreate(A);
        RecordingTransport client = new RecordingTransport("c");
        CommandDispatcher dispatcher = engine.dispatcher(engine.connect(client, 100),
                new InboundLimits(100, 100, 100, 100, 50, 3));

        dispatcher.submit(subscribe(A)); // now waiting for its lane
        for (int i = 0; i < 3; i++) {
            dispatcher.submit(new ClientCommand.Time());
        }
        assertNull(client.closedWith(), "three may wait");
        dispatcher.submit(new ClientCommand.Time());

        assertEquals(DisconnectReason.TOO_MANY_REQUESTS, client.closedWith());
        lanes.runAll();
        assertEquals(0, dispatcher.pendingCommands(), "nothing runs for a closed connection");
    }

    @Test
    void subscribeUnsubscribeChurnSharesTheHistoryInsteadOfCopyingIt() {
        EngineFixture direct = new EngineFixture(Runnable::run, EngineFixture.streams(10_000),
                ClientLimits.ofQueue(1_000_000, OverflowPolicy.DROP_OLDEST));
        for (int i = 0; i < 10; i++) {
            direct.hub.publish(A, EngineFixture.values(new double[1_000]));
        }
        RecordingTransport client = new RecordingTransport("churn").holdSends();
        ClientConnection connection = direct.connect(client, 1_000);
        Stream stream = direct.hub.streams().find(A).orElseThrow();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            connection.subscribe(stream, Resume.after(0, "epoch1"));
            connection.unsubscribe(A);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 20_000_000, "1,000 full replays of 10,000 points allocated " + allocated
                + " bytes; a copy each would be over 160 MB");
    }
}
