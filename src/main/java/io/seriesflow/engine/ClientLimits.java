package io.seriesflow.engine;

import java.util.Objects;

/**
 * Per-connection outbound limits. Immutable.
 *
 * @param queueHighWaterBytes what a connection may have waiting, in estimated wire bytes (points, replies,
 *                            notices); beyond it the client is a slow consumer (see {@link OverflowPolicy})
 * @param queueLowWaterBytes where the drop-oldest policy trims a queue back to
 * @param overflow what happens to points beyond the high water mark
 * @param maxLagMillis a send in flight longer than this closes the client as too slow
 * @param maxSubscriptions streams one connection may subscribe to
 * @param maxReplays replays one connection may have under way at once; later subscribes that replay wait
 */
public record ClientLimits(long queueHighWaterBytes, long queueLowWaterBytes, OverflowPolicy overflow,
                           long maxLagMillis, int maxSubscriptions, int maxReplays) {
    public ClientLimits {
        if (queueHighWaterBytes < 1 || queueLowWaterBytes < 0 || queueLowWaterBytes > queueHighWaterBytes
                || maxLagMillis < 1 || maxSubscriptions < 1 || maxReplays < 1) {
            throw new IllegalArgumentException("client limits must be positive, low water <= high water");
        }
        Objects.requireNonNull(overflow, "overflow");
    }

    /** A queue of {@code highWaterBytes} trimmed to half of it, with otherwise generous limits; for tests. */
    public static ClientLimits ofQueue(long highWaterBytes, OverflowPolicy overflow) {
        return new ClientLimits(highWaterBytes, highWaterBytes / 2, overflow, 5_000, 8, 8);
    }
}
