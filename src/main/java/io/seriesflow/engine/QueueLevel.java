package io.seriesflow.engine;

/**
 * What one client's queue holds at an instant. Immutable.
 *
 * @param bytes what it counts against its budget, in estimated wire bytes
 * @param points the points waiting (live and replayed)
 */
record QueueLevel(long bytes, long points) {
}
