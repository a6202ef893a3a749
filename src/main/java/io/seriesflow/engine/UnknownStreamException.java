package io.seriesflow.engine;

/** No stream has that name (and this operation does not create one). */
public final class UnknownStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownStreamException(StreamId id) {
        super("no stream named '" + id + "'");
    }
}
