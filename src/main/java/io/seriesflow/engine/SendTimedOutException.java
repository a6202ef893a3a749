package io.seriesflow.engine;

/**
 * A blocking send that could not write its frame within the transport's time limit: the client has stopped
 * reading. The engine closes such a client as too slow.
 */
public final class SendTimedOutException extends Exception {
    private static final long serialVersionUID = 1L;

    public SendTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
