package io.seriesflow.protocol;

/** An ingest body with more points than one request may carry; nothing of it is applied. */
public final class IngestLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IngestLimitException(int limit) {
        super("a request may carry at most " + limit + " points");
    }
}
