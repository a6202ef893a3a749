package io.seriesflow.engine;

/** A point's timestamp goes back in time; nothing of its batch was appended. */
public final class TimestampOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public TimestampOrderException(int index, long timestamp, long previous) {
        super("point " + index + ": ts " + timestamp + " is earlier than the stream's previous point (" + previous
                + "); timestamps must not go back");
        this.index = index;
    }

    /** Index of the offending point in its batch. */
    public int index() {
        return index;
    }
}
