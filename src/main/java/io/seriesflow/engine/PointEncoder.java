package io.seriesflow.engine;

/**
 * Turns a point into the text frame sent to clients. Called once per point, whatever the number of
 * subscribers, so that a point is serialised once and the same frame is fanned out.
 *
 * <p>Implementations must be stateless or thread-safe.
 */
@FunctionalInterface
public interface PointEncoder {
    String encode(StreamId stream, Point point);
}
