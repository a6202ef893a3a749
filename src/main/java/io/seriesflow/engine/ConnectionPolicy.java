package io.seriesflow.engine;

import java.time.Duration;

/**
 * Connection-level limits and timers. Immutable.
 *
 * @param maxConnections clients this node accepts at once
 * @param pingInterval a client with no send in flight for this long is pinged
 * @param idleTimeout a client heard nothing from (no message, no pong) for this long is closed
 * @param sweepInterval how often lag, idle and ping are checked
 */
public record ConnectionPolicy(int maxConnections, Duration pingInterval, Duration idleTimeout,
                               Duration sweepInterval) {
    public ConnectionPolicy {
        if (maxConnections < 1 || pingInterval.isNegative() || pingInterval.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("connection policy values must be positive");
        }
    }
}
