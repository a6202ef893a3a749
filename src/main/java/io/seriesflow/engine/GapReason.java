package io.seriesflow.engine;

/** Why points were skipped, as reported in a {@code gap} message. */
public enum GapReason {
    /** The points are older than the history the server still holds. */
    HISTORY("history"),
    /** The client fell behind and its queue dropped the oldest points. */
    OVERFLOW("overflow");

    private final String wireName;

    GapReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
