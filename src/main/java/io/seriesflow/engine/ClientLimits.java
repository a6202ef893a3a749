package io.seriesflow.engine;

/**
 * Per-connection limits. Immutable.
 *
 * @param queuePoints points a connection may have waiting while a send is in flight
 * @param overflow what happens beyond {@code queuePoints}
 * @param maxLagMillis a send in flight, or a queued point, older than this closes the client as too slow
 * @param maxSubscriptions streams one connection may subscribe to
 */
public record ClientLimits(int queuePoints, OverflowPolicy overflow, long maxLagMillis, int maxSubscriptions) {
    public ClientLimits {
        if (queuePoints < 1 || maxLagMillis < 1 || maxSubscriptions < 1) {
            throw new IllegalArgumentException("client limits must be positive");
        }
        java.util.Objects.requireNonNull(overflow, "overflow");
    }
}
