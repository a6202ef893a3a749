package io.seriesflow.redis;

import io.seriesflow.engine.StreamLog.LogHealth;

/**
 * Whether Redis answered the last command this node sent, and what the last failure was. Thread-safe (volatile
 * fields; the last writer wins, which is what "last" means).
 */
final class RedisHealth {
    private volatile boolean reachable = true;
    private volatile String lastError = "";
    private volatile long roundTripNanos = -1;
    private volatile long followLagMillis = -1;

    void succeeded() {
        reachable = true;
    }

    /** A command answered after this long. */
    void succeeded(long roundTripNanos) {
        this.roundTripNanos = roundTripNanos;
        reachable = true;
    }

    /** An entry read while following was this old, by Redis's clock (its id's time) against this node's. */
    void followed(long entryAgeMillis) {
        followLagMillis = Math.max(0, entryAgeMillis);
    }

    void failed(Exception failure) {
        reachable = false;
        lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    LogHealth snapshot() {
        return new LogHealth(reachable, lastError, roundTripNanos, followLagMillis);
    }
}
