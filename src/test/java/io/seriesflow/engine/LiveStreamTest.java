package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seriesflow.testkit.FakeClock;
import io.seriesflow.testkit.RecordingTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveStreamTest {
    private final FakeClock clock = new FakeClock(1_000_000);

    @Test
    void assignsConsecutiveSequenceNumbersAndTheClocksTime() {
        LiveStream stream = new LiveStream(StreamId.of("s"), (id, p) -> "", clock);

        Point first = stream.publish(1.5);
        clock.advance(100);
        Point second = stream.publish(2.5);

        assertEquals(new Point(1, 1_000_000, 1.5), first);
        assertEquals(new Point(2, 1_000_100, 2.5), second);
        assertEquals(2, stream.lastSeq());
    }

    @Test
    void oneTickAdvancesAllClientsTogetherWithTheSameFrames() {
        LiveStream stream = new LiveStream(StreamId.of("demo"), (id, p) -> Long.toString(p.seq()), clock);
        RecordingTransport a = new RecordingTransport("a");
        RecordingTransport b = new RecordingTransport("b");
        stream.subscribe(new ClientQueue(a, 8, e -> { }));
        stream.subscribe(new ClientQueue(b, 8, e -> { }));
        ReplaySource source = new ReplaySource(Dataset.of("t", 10, 20, 30));
        StreamPump pump = new StreamPump(stream, source, java.time.Duration.ofMillis(100));

        for (int i = 0; i < 5; i++) {
            pump.tick();
        }

        assertEquals(List.of("1", "2", "3", "4", "5"), a.frames());
        assertEquals(a.frames(), b.frames());
    }

    @Test
    void serialisesEachPointOnceWhateverTheNumberOfSubscribers() {
        AtomicInteger encodings = new AtomicInteger();
        LiveStream stream = new LiveStream(StreamId.of("s"), (id, p) -> {
            encodings.incrementAndGet();
            return "x";
        }, clock);
        List<RecordingTransport> transports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RecordingTransport transport = new RecordingTransport("c" + i);
            transports.add(transport);
            stream.subscribe(new ClientQueue(transport, 8, e -> { }));
        }

        stream.publish(1);
        stream.publish(2);

        assertEquals(2, encodings.get());
        transports.forEach(t -> assertEquals(2, t.frames().size()));
    }

    @Test
    void aLateSubscriberStartsWithTheNextPointAndAnUnsubscribedOneGetsNoMore() {
        LiveStream stream = new LiveStream(StreamId.of("s"), (id, p) -> Long.toString(p.seq()), clock);
        RecordingTransport early = new RecordingTransport("early");
        RecordingTransport late = new RecordingTransport("late");
        ClientQueue earlyQueue = new ClientQueue(early, 8, e -> { });
        stream.subscribe(earlyQueue);
        stream.publish(1);
        stream.subscribe(new ClientQueue(late, 8, e -> { }));
        stream.publish(2);
        stream.unsubscribe(earlyQueue);
        stream.publish(3);

        assertEquals(List.of("1", "2"), early.frames());
        assertEquals(List.of("2", "3"), late.frames());
    }

    @Test
    void aHeldClientDoesNotHoldBackTheOthers() {
        LiveStream stream = new LiveStream(StreamId.of("s"), (id, p) -> Long.toString(p.seq()), clock);
        RecordingTransport stalled = new RecordingTransport("stalled").holdSends();
        RecordingTransport fast = new RecordingTransport("fast");
        ClientQueue stalledQueue = new ClientQueue(stalled, 4, e -> { });
        stream.subscribe(stalledQueue);
        stream.subscribe(new ClientQueue(fast, 4, e -> { }));

        for (int i = 0; i < 100; i++) {
            stream.publish(i);
        }

        assertEquals(100, fast.frames().size());
        assertEquals(1, stalled.frames().size());
        assertEquals(95, stalledQueue.droppedFrames());
    }

    @Test
    void disconnectAllClosesEverySubscriberWithTheReason() {
        LiveStream stream = new LiveStream(StreamId.of("s"), (id, p) -> "", clock);
        RecordingTransport a = new RecordingTransport("a");
        RecordingTransport b = new RecordingTransport("b");
        stream.subscribe(new ClientQueue(a, 8, e -> { }));
        stream.subscribe(new ClientQueue(b, 8, e -> { }));

        stream.disconnectAll(DisconnectReason.SERVER_SHUTDOWN);

        assertEquals(DisconnectReason.SERVER_SHUTDOWN, a.closedWith());
        assertEquals(DisconnectReason.SERVER_SHUTDOWN, b.closedWith());
        assertEquals(0, stream.subscriberCount());
    }
}
