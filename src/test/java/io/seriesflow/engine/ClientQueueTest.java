package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.RecordingTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientQueueTest {
    private final List<Throwable> failures = new ArrayList<>();

    @Test
    void sendsImmediatelyWhenNothingIsInFlight() {
        RecordingTransport transport = new RecordingTransport("c1");
        ClientQueue queue = new ClientQueue(transport, 4, failures::add);

        queue.offer("a");
        queue.offer("b");

        assertEquals(List.of("a", "b"), transport.frames());
        assertEquals(2, queue.sentFrames());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void keepsOneSendInFlightAndQueuesTheRestInOrder() {
        RecordingTransport transport = new RecordingTransport("c1").holdSends();
        ClientQueue queue = new ClientQueue(transport, 10, failures::add);

        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertEquals(List.of("a"), transport.frames(), "only the first frame is sent while it is in flight");

        transport.completeHeld();
        assertEquals(List.of("a", "b"), transport.frames());
        transport.completeHeld();
        transport.completeHeld();

        assertEquals(List.of("a", "b", "c"), transport.frames());
        assertEquals(1, transport.maxInFlight());
        assertEquals(3, queue.sentFrames());
    }

    @Test
    void dropsTheOldestQueuedFramesWhenFullAndCountsThem() {
        RecordingTransport transport = new RecordingTransport("slow").holdSends();
        ClientQueue queue = new ClientQueue(transport, 3, failures::add);

        IntStream.rangeClosed(1, 10).forEach(i -> queue.offer("f" + i));
        transport.release();

        assertEquals(List.of("f1", "f8", "f9", "f10"), transport.frames());
        assertEquals(6, queue.droppedFrames());
    }

    @Test
    void drainsALongBacklogOfInlineCompletionsWithoutRecursion() {
        RecordingTransport transport = new RecordingTransport("c1").holdSends();
        ClientQueue queue = new ClientQueue(transport, 100_000, failures::add);
        IntStream.range(0, 100_000).forEach(i -> queue.offer(Integer.toString(i)));

        transport.release();

        assertEquals(100_000, transport.frames().size());
        assertEquals("99999", transport.frames().get(99_999));
    }

    @Test
    void aFailedSendClosesTheQueueAndReportsOnce() {
        RecordingTransport transport = new RecordingTransport("c1").holdSends();
        ClientQueue queue = new ClientQueue(transport, 10, failures::add);
        queue.offer("a");
        queue.offer("b");
        IOException broken = new IOException("broken pipe");

        transport.failHeld(broken);
        queue.offer("c");

        assertTrue(queue.isClosed());
        assertEquals(List.of(broken), failures);
        assertEquals(List.of("a"), transport.frames(), "nothing is sent after a failure");
    }

    @Test
    void aSendThatThrowsIsTreatedAsAFailure() {
        IllegalStateException boom = new IllegalStateException("session closed");
        FrameTransport throwing = new FrameTransport() {
            @Override
            public void send(String frame, SendCompletion completion) {
                throw boom;
            }

            @Override
            public void close(DisconnectReason reason) {
            }

            @Override
            public String id() {
                return "t";
            }
        };
        ClientQueue queue = new ClientQueue(throwing, 10, failures::add);

        queue.offer("a");

        assertTrue(queue.isClosed());
        assertSame(boom, failures.get(0));
    }

    @Test
    void closeIsIdempotentAndClosesTheTransportOnce() {
        RecordingTransport transport = new RecordingTransport("c1").holdSends();
        ClientQueue queue = new ClientQueue(transport, 10, failures::add);
        queue.offer("a");
        queue.offer("b");

        queue.close(DisconnectReason.SERVER_SHUTDOWN);
        queue.close(DisconnectReason.SEND_FAILED);
        transport.completeHeld();

        assertEquals(DisconnectReason.SERVER_SHUTDOWN, transport.closedWith());
        assertEquals(List.of("a"), transport.frames(), "queued frames are discarded on close");
        assertTrue(failures.isEmpty());
    }

    @Test
    void aCompletionAfterCloseIsIgnored() {
        RecordingTransport transport = new RecordingTransport("c1").holdSends();
        ClientQueue queue = new ClientQueue(transport, 10, failures::add);
        queue.offer("a");
        queue.close(DisconnectReason.CLIENT_CLOSED);

        transport.failHeld(new IOException("late"));

        assertTrue(failures.isEmpty(), "a failure after close is not reported");
        assertEquals(DisconnectReason.CLIENT_CLOSED, transport.closedWith());
    }
}
