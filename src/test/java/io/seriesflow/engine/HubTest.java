package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.seriesflow.testkit.EngineFixture;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HubTest {
    @Test
    void shutdownLetsAcceptedPublishesCompleteAndDeliversThemBeforeGoingAway() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            EngineFixture engine = new EngineFixture(pool, new StreamLimits(100_000, 600_000, 10, true, 1_000, 60_000),
                    new ClientLimits(1_000_000, OverflowPolicy.DROP_OLDEST, 60_000, 8));
            StreamId id = StreamId.of("s");
            RecordingTransport client = new RecordingTransport("c");
            engine.hub.connect(client, new FakeCodec(100_000)).orElseThrow()
                    .subscribe(engine.hub.streams().getOrCreate(id), Resume.live());
            engine.hub.streams().getOrCreate(id).read(0, 1).get();
            double[] values = new double[50_000];
            Arrays.fill(values, 1);

            CompletableFuture<PublishResult> publish = engine.hub.publish(id, EngineFixture.values(values));
            engine.hub.close();

            assertEquals(50_000, publish.get().count(), "the accepted publish completed");
            long delivered = client.frames().stream().mapToLong(f -> FakeCodec.seqs(f).size()).sum();
            assertEquals(50_000, delivered, "its points went out before the connection closed");
            assertEquals(DisconnectReason.SERVER_SHUTDOWN, client.closedWith());
            assertFalse(engine.hub.connect(new RecordingTransport("late"), new FakeCodec(1)).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientStatsCountClosesByReasonAndDrops() {
        EngineFixture engine = new EngineFixture(Runnable::run, new StreamLimits(100, 60_000, 10, true, 100, 60_000),
                new ClientLimits(2, OverflowPolicy.DROP_OLDEST, 5_000, 8));
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
