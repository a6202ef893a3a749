package io.seriesflow.engine;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The outbound frames of one client: a bounded queue in front of a {@link FrameTransport}, with at most one
 * send in flight.
 *
 * <p>Thread-safe. {@link #offer} is called by the stream's writer and never blocks: it either starts a send
 * (when none is in flight) or queues the frame. Completions arrive on transport threads (or inline, before
 * {@code send} returns) and start the next send. When the queue is full the oldest frame is dropped and
 * counted, so a client that cannot keep up loses old frames instead of slowing the writer or other clients.
 * The lock guards only the state and the queue, never the call into the transport.
 */
public final class ClientQueue {
    private final FrameTransport transport;
    private final int capacity;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<String> pending;
    private final Object lock = new Object();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private SendState state = SendState.IDLE;

    /**
     * @param transport where frames go
     * @param capacity how many frames may wait while a send is in flight (at least 1)
     * @param onFailure called once, on the failing thread, when a send fails; the queue is closed by then
     */
    public ClientQueue(FrameTransport transport, int capacity, Consumer<Throwable> onFailure) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        this.capacity = capacity;
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.pending = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Sends the frame now if nothing is in flight, else queues it (dropping the oldest when full). */
    public void offer(String frame) {
        synchronized (lock) {
            if (state == SendState.CLOSED) {
                return;
            }
            if (state != SendState.IDLE) {
                if (pending.size() == capacity) {
                    pending.pollFirst();
                    dropped.incrementAndGet();
                }
                pending.addLast(frame);
                return;
            }
            state = SendState.SENDING;
        }
        sendFrom(frame);
    }

    /** Closes the queue and the transport; frames still queued are discarded. Idempotent. */
    public void close(DisconnectReason reason) {
        if (markClosed()) {
            transport.close(reason);
        }
    }

    public FrameTransport transport() {
        return transport;
    }

    /** Frames whose send completed successfully. */
    public long sentFrames() {
        return sent.get();
    }

    /** Frames dropped because the queue was full. */
    public long droppedFrames() {
        return dropped.get();
    }

    public boolean isClosed() {
        synchronized (lock) {
            return state == SendState.CLOSED;
        }
    }

    /** Sends {@code first}, then keeps sending while completions arrive inline; stops when one goes async. */
    private void sendFrom(String first) {
        String frame = first;
        while (frame != null) {
            try {
                transport.send(frame, this::onSendCompleted);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            synchronized (lock) {
                if (state == SendState.SENDING) {
                    state = SendState.IN_FLIGHT;
                    return;
                }
                if (state != SendState.COMPLETED_DURING_SEND) {
                    return;
                }
                frame = takeNextLocked();
            }
        }
    }

    private void onSendCompleted(Throwable failure) {
        if (failure != null) {
            fail(failure);
            return;
        }
        sent.incrementAndGet();
        String next;
        synchronized (lock) {
            if (state == SendState.SENDING) {
                state = SendState.COMPLETED_DURING_SEND;
                return;
            }
            if (state != SendState.IN_FLIGHT) {
                return;
            }
            next = takeNextLocked();
        }
        if (next != null) {
            sendFrom(next);
        }
    }

    private String takeNextLocked() {
        String next = pending.pollFirst();
        state = next == null ? SendState.IDLE : SendState.SENDING;
        return next;
    }

    private void fail(Throwable failure) {
        if (markClosed()) {
            onFailure.accept(failure);
        }
    }

    private boolean markClosed() {
        synchronized (lock) {
            if (state == SendState.CLOSED) {
                return false;
            }
            state = SendState.CLOSED;
            pending.clear();
            return true;
        }
    }

    /** Where the single send slot is. */
    private enum SendState {
        /** No send in flight; the next offer sends directly. */
        IDLE,
        /** A thread is inside {@code transport.send}. */
        SENDING,
        /** The send completed before {@code transport.send} returned; the sending thread continues. */
        COMPLETED_DURING_SEND,
        /** {@code transport.send} returned; the completion will continue. */
        IN_FLIGHT,
        /** Terminal. */
        CLOSED
    }
}
