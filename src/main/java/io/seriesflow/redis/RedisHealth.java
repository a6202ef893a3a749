package io.seriesflow.redis;

import io.seriesflow.engine.StreamLog.LogHealth;

/**
 * Whether Redis answered the last command this node sent, and what the last failure was. Thread-safe (volatile
 * fields; the last writer wins, which is what "last" means).
 */
final class RedisHealth {
    private volatile boolean reachable = true;
    private volatile String lastError = "";

    void succeeded() {
        reachable = true;
    }

    void failed(Exception failure) {
        reachable = false;
        lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    LogHealth snapshot() {
        return new LogHealth(reachable, lastError);
    }
}
