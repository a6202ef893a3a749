package io.seriesflow.protocol;

/** An ingest body larger than one request may carry (points, or bytes once decoded); nothing of it is applied. */
public final class IngestLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IngestLimitException(int limit) {
        super("a request may carry at most " + limit + " points");
    }

    public IngestLimitException(String message) {
        super(message);
    }
}
