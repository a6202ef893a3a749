package io.seriesflow.engine;

/** Why a client receives an M4 aggregate instead of every point, as reported in an {@code aggregate} message. */
public enum AggregateReason {
    /** The subscribe asked for the window's history reduced to the chart's pixel columns. */
    BACKFILL("backfill", 1),
    /** The client fell behind: its waiting points were replaced by their aggregate (overflow policy aggregate). */
    OVERFLOW("overflow", 2);

    private final String wireName;
    private final int code;

    AggregateReason(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason's number in binary frames. */
    public int code() {
        return code;
    }
}
