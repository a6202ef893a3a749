package io.seriesflow.engine;

/** The connection already has as many subscriptions as allowed. */
public final class SubscriptionLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubscriptionLimitException(int limit) {
        super("a connection may subscribe to at most " + limit + " streams");
    }
}
