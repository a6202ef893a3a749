package io.seriesflow.engine;

/** What happens to points that arrive for a client whose queue is above its high water mark. */
public enum OverflowPolicy {
    /**
     * Drop the oldest waiting points down to the low water mark and tell the client which ones (a {@code gap}
     * before that stream's next points), or count them in the compatible mode.
     */
    DROP_OLDEST,
    /** Close the client as too slow (close code 4008); it may reconnect and resume. */
    CLOSE
}
