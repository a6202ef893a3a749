package io.seriesflow.engine;

/**
 * Produces the next value of a stream each time its pump ticks.
 *
 * <p>Implementations need not be thread-safe: a source is only ever called by its stream's pump, one call at
 * a time.
 */
public interface PointSource {
    /** The next value; always finite. */
    double nextValue();

    /** A short human-readable description for logs and the info API. */
    String describe();

    /**
     * Continues a line another node (or an earlier run) left off: the stream's last point had seq
     * {@code lastSeq} and value {@code lastValue}. Sources that follow a sequence position themselves after it.
     */
    default void continueAfter(long lastSeq, double lastValue) {
        // A source without a position to restore simply goes on.
    }
}
