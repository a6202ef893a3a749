package io.seriesflow.engine;

/** Why a client's command was not carried out; the connection stays open. Each has a stable wire code. */
public enum CommandError {
    /** Not a valid message: not JSON, an unknown type or member, a bad stream name or position, or binary. */
    BAD_MESSAGE("bad-message"),
    /** No stream has that name. */
    UNKNOWN_STREAM("unknown-stream"),
    /** The connection is already subscribed to the stream. */
    ALREADY_SUBSCRIBED("already-subscribed"),
    /** Unsubscribe from a stream the connection is not subscribed to. */
    NOT_SUBSCRIBED("not-subscribed"),
    /** The connection has as many subscriptions as allowed. */
    SUBSCRIPTION_LIMIT("subscription-limit"),
    /** The client sent messages (or subscribes) faster than allowed; this one was not carried out. */
    RATE_LIMITED("rate-limited"),
    /** The shared stream log could not be reached; the command may be sent again later. */
    UNAVAILABLE("unavailable");

    private final String wireName;

    CommandError(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
