package io.seriesflow.engine;

import java.util.Map;

/**
 * A snapshot of the clients of one node. Immutable.
 *
 * @param connections open connections
 * @param queuedPoints points waiting in all client queues (bounded by connections x queue limit)
 * @param droppedPoints points dropped by the overflow policy since start
 * @param closedByReason connections closed since start, by reason
 */
public record ClientStats(int connections, long queuedPoints, long droppedPoints,
                          Map<DisconnectReason, Long> closedByReason) {
    public ClientStats {
        closedByReason = Map.copyOf(closedByReason);
    }
}
