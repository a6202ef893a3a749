package io.seriesflow.engine;

/**
 * When a connection was last heard from and last pinged, on the monotonic ticker, and what the periodic sweep
 * should do about it.
 *
 * <p>Thread-safe: {@link #heardFrom} is called from the container's threads, {@link #check} from the sweep (one
 * at a time); both fields are volatile and each has one writer.
 */
final class Liveness {
    /** What the sweep should do. */
    enum Verdict { NOTHING, PING, IDLE_TIMEOUT }

    private volatile long lastHeardNanos;
    private volatile long lastPingNanos;

    Liveness(long nowNanos) {
        this.lastHeardNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    void heardFrom(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    /** Idle timeout first; otherwise a ping once per ping interval (noting it as sent). */
    Verdict check(long nowNanos, ConnectionPolicy policy) {
        if (nowNanos - lastHeardNanos > policy.idleTimeout().toNanos()) {
            return Verdict.IDLE_TIMEOUT;
        }
        if (nowNanos - lastPingNanos >= policy.pingInterval().toNanos()) {
            lastPingNanos = nowNanos;
            return Verdict.PING;
        }
        return Verdict.NOTHING;
    }
}
