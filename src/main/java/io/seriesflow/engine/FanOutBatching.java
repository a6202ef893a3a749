package io.seriesflow.engine;

/**
 * Hands the send turns that one fan-out starts (a stream's new points reaching all its subscribers) to the send
 * threads together, once the fan-out is done, instead of one at a time while it runs.
 */
@FunctionalInterface
public interface FanOutBatching {
    /** Runs the fan-out; the send turns it starts on this thread are handed over when it returns or throws. */
    void together(Runnable fanOut);

    /** No batching: each turn is handed over as it starts (asynchronous sends need no send threads). */
    static FanOutBatching none() {
        return Runnable::run;
    }
}
