package io.seriesflow.engine;

/** A point's timestamp goes back in time or lies too far ahead; nothing of its batch was appended. */
public final class TimestampOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public TimestampOrderException(int index, long timestamp, long previous) {
        super("point " + index + ": ts " + timestamp + " is earlier than the stream's previous point (" + previous
                + "); timestamps must not go back");
        this.index = index;
    }

    public TimestampOrderException(int index, long timestamp, long now, long maxFutureMillis) {
        super("point " + index + ": ts " + timestamp + " is more than " + maxFutureMillis
                + " ms ahead of the server's clock (" + now + ")");
        this.index = index;
    }

    /** Index of the offending point in its batch. */
    public int index() {
        return index;
    }
}
