package io.seriesflow.engine;

/**
 * The engine's view of one client connection: it can send a frame and be closed.
 *
 * <p>The engine guarantees at most one {@link #send} in flight per transport: it calls {@code send} again only
 * after the previous completion ran. Implementations may run the completion on any thread, including the
 * calling thread before {@code send} returns.
 *
 * <p>A transport either starts the send and returns at once (asynchronous), or, when {@link #blocksWhileSending()}
 * says so, writes the whole frame before it returns, with a time limit, and completes on the calling thread.
 * The engine calls a blocking transport only from its send executor, never from a stream's lane or the sweep.
 */
public interface FrameTransport {
    /**
     * Sends one frame: starts it and returns, or, for a blocking transport, writes it and then returns. A
     * blocking send that runs out of time completes with a {@link SendTimedOutException}.
     *
     * @param frame the whole frame
     * @param completion called exactly once, with {@code null} on success or the failure
     */
    void send(Frame frame, SendCompletion completion);

    /** True when {@link #send} and {@link #ping} write before they return instead of completing later. */
    default boolean blocksWhileSending() {
        return false;
    }

    /**
     * Sends a protocol-level ping. Called only when no send is in flight, so it never competes with a frame.
     *
     * @param completion called exactly once, with {@code null} on success or the failure
     */
    void ping(SendCompletion completion);

    /** Closes the connection for the given reason. May be called more than once; only the first counts. */
    void close(DisconnectReason reason);

    /** A short identifier for logs. */
    String id();

    /** The client's address as the server saw it (a proxy's, behind one), for operators; empty when unknown. */
    default String peer() {
        return "";
    }

    /** Called once with the outcome of a {@link FrameTransport#send}. */
    @FunctionalInterface
    interface SendCompletion {
        void completed(Throwable failureOrNull);
    }
}
