package io.seriesflow.engine;

/**
 * What one connection may send. Immutable.
 *
 * @param messagesPerSecond messages admitted per second on average (a token bucket)
 * @param messageBurst messages admitted at once after a quiet spell
 * @param subscribesPerSecond subscribes carried out per second on average (a second token bucket)
 * @param subscribeBurst subscribes carried out at once after a quiet spell
 * @param refusalsBeforeClose refused messages in a row after which the connection is closed (4029)
 * @param maxPendingCommands commands that may wait for their turn (behind a subscribe or a replay) before the
 *                           connection is closed (4029)
 */
public record InboundLimits(int messagesPerSecond, int messageBurst, int subscribesPerSecond, int subscribeBurst,
                            int refusalsBeforeClose, int maxPendingCommands) {
    public InboundLimits {
        if (messagesPerSecond < 1 || messageBurst < 1 || subscribesPerSecond < 1 || subscribeBurst < 1
                || refusalsBeforeClose < 1 || maxPendingCommands < 1) {
            throw new IllegalArgumentException("inbound limits must be positive");
        }
    }
}
