package io.seriesflow.engine;

/** What a client's queue does when points arrive faster than the client takes them. */
public enum OverflowPolicy {
    /**
     * Drop the oldest queued points and tell the client which ones (a {@code gap}), or count them in the
     * compatible mode.
     */
    DROP_OLDEST,
    /** Close the client as too slow (close code 4008); it may reconnect and resume. */
    CLOSE
}
