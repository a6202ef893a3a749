package io.seriesflow.engine;

/** Creating the stream would exceed the configured number of streams. */
public final class StreamLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamLimitException(StreamId id, int limit) {
        super("cannot create stream '" + id + "': the limit of " + limit + " streams is reached");
    }
}
