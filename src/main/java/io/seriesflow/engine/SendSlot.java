package io.seriesflow.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one send a connection may have in flight, as a state machine changed only by compare-and-set, and since
 * when the current send has been under way (on the monotonic ticker).
 *
 * <pre>
 * IDLE --claim--> SENDING --send returned--> IN_FLIGHT --completed--> SENDING (the completing thread goes on)
 *                 SENDING --completed before send returned--> COMPLETED_DURING_SEND --send returned--> SENDING
 *                 SENDING --nothing left--> IDLE;      any --close--> CLOSED (terminal)
 * </pre>
 *
 * <p>Thread-safe and lock-free. Whoever moves the slot to SENDING owns the right to send next.
 */
final class SendSlot {
    enum State { IDLE, SENDING, COMPLETED_DURING_SEND, IN_FLIGHT, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private volatile long sinceNanos;

    /** IDLE to SENDING: true when the caller now owns the slot. */
    boolean tryClaim(long nowNanos) {
        if (state.compareAndSet(State.IDLE, State.SENDING)) {
            sinceNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** Marks the start of the owner's actual write (a blocking send may have waited for a thread first). */
    void startedWriting(long nowNanos) {
        sinceNanos = nowNanos;
    }

    /** SENDING to IDLE: the owner found nothing to send. */
    void release() {
        state.compareAndSet(State.SENDING, State.IDLE);
    }

    /**
     * The send call returned: true when its completion already ran and the caller keeps the slot (SENDING),
     * false when the completion will continue (IN_FLIGHT) or the slot closed.
     */
    boolean sendReturned(long nowNanos) {
        if (state.compareAndSet(State.SENDING, State.IN_FLIGHT)) {
            return false;
        }
        if (state.compareAndSet(State.COMPLETED_DURING_SEND, State.SENDING)) {
            sinceNanos = nowNanos;
            return true;
        }
        return false;
    }

    /**
     * The send completed: true when the completing thread now owns the slot (it was IN_FLIGHT), false when the
     * sending thread is still inside the send call and will go on, or the slot closed.
     */
    boolean completed(long nowNanos) {
        if (state.compareAndSet(State.SENDING, State.COMPLETED_DURING_SEND)) {
            return false;
        }
        if (state.compareAndSet(State.IN_FLIGHT, State.SENDING)) {
            sinceNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** Moves to CLOSED; true for the first caller only. */
    boolean close() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    /** How long the current send has been under way, or 0 when none is. */
    long busyNanos(long nowNanos) {
        State current = state.get();
        return current == State.IDLE || current == State.CLOSED ? 0 : Math.max(0, nowNanos - sinceNanos);
    }
}
