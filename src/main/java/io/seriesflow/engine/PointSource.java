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
}
