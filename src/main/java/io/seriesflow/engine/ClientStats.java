package io.seriesflow.engine;

import java.util.Map;

/**
 * A snapshot of the clients of one node. Immutable.
 *
 * @param connections open connections
 * @param queuedPoints points waiting in all client queues (live and replayed)
 * @param queuedBytes what all client queues count against their budgets, in estimated wire bytes
 * @param droppedPoints points dropped by the overflow policy since start
 * @param coalescedReplies error replies not queued because an identical one was waiting, since start
 * @param closedByReason connections closed (or refused) since start, by reason
 * @param queuedBytesPerClient what each open client's queue counts against its budget, in estimated wire bytes
 *                             (in no particular order)
 */
public record ClientStats(int connections, long queuedPoints, long queuedBytes, long droppedPoints,
                          long coalescedReplies, Map<DisconnectReason, Long> closedByReason,
                          long[] queuedBytesPerClient) {
    public ClientStats {
        closedByReason = Map.copyOf(closedByReason);
        queuedBytesPerClient = queuedBytesPerClient.clone();
    }

    /** What each open client's queue counts against its budget (a copy). */
    @Override
    public long[] queuedBytesPerClient() {
        return queuedBytesPerClient.clone();
    }
}
