package io.seriesflow.engine;

/** The stream is fed by a source on this node (the demo replay or a generator); clients may not publish into it. */
public final class SourceFedStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceFedStreamException(StreamId id) {
        super("stream '" + id + "' is fed by a source of the server; publish into another stream, or set "
                + "seriesflow.publish-to-sources=true");
    }
}
