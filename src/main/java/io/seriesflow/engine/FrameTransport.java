package io.seriesflow.engine;

/**
 * The engine's view of one client connection: it can send a text frame asynchronously and be closed.
 *
 * <p>The engine guarantees at most one {@link #send} in flight per transport: it calls {@code send} again only
 * after the previous completion ran. Implementations may run the completion on any thread, including the
 * calling thread before {@code send} returns.
 */
public interface FrameTransport {
    /**
     * Starts sending one frame without blocking on the network.
     *
     * @param frame the whole frame
     * @param completion called exactly once, with {@code null} on success or the failure
     */
    void send(Frame frame, SendCompletion completion);

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

    /** Called once with the outcome of a {@link FrameTransport#send}. */
    @FunctionalInterface
    interface SendCompletion {
        void completed(Throwable failureOrNull);
    }
}
