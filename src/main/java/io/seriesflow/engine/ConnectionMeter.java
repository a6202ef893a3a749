package io.seriesflow.engine;

/**
 * What one connection reports about its sends, for operators: each frame sent (with its points and bytes) and, for
 * live points, how long after their stream applied them the send completed. {@link #OFF} records nothing, so that
 * a deployment with metrics off pays nothing per frame.
 *
 * <p>Called by one thread at a time for a connection (the one completing its send: one send is in flight at a
 * time); what it records may be read by any thread.
 */
public interface ConnectionMeter {
    /** Records nothing. */
    ConnectionMeter OFF = (points, bytes, appliedNanos, completedNanos) -> { };

    /**
     * A frame's send completed.
     *
     * @param points the points it carried (0 for a reply, notice or ping)
     * @param bytes its payload's size
     * @param appliedNanos when its oldest live point was applied to its stream (ticker time), or 0 when it carried
     *                     no live point (a replay, a reply)
     * @param completedNanos when the send completed (ticker time)
     */
    void sent(int points, int bytes, long appliedNanos, long completedNanos);
}
