package io.seriesflow.protocol;

/**
 * An ingest body that cannot be accepted; nothing of it is applied. Names where the problem is ("point 3",
 * "line 7") and what it is.
 */
public final class IngestFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String location;
    private final String reason;

    public IngestFormatException(String location, String reason) {
        super(location == null ? reason : location + ": " + reason);
        this.location = location;
        this.reason = reason;
    }

    /** "point N" or "line N" (1-based lines, 0-based points), or null when it concerns the whole body. */
    public String location() {
        return location;
    }

    public String reason() {
        return reason;
    }
}
