package io.seriesflow.engine;

/**
 * A token bucket on the monotonic ticker: up to {@code burst} tokens, refilled at {@code perSecond}; each
 * admitted event takes one.
 *
 * <p>Thread-safe (each call holds this object's monitor briefly).
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacityNanos;
    private final long nanosPerToken;
    /** Credit in nanoseconds of refill time, at most {@code capacityNanos}. */
    private long creditNanos;
    private long lastNanos;

    TokenBucket(int perSecond, int burst, long nowNanos) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and burst");
        }
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.capacityNanos = nanosPerToken * burst;
        this.creditNanos = capacityNanos;
        this.lastNanos = nowNanos;
    }

    /** Takes a token if one is there. */
    synchronized boolean tryTake(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        creditNanos = Math.min(capacityNanos, creditNanos + elapsed);
        if (creditNanos < nanosPerToken) {
            return false;
        }
        creditNanos -= nanosPerToken;
        return true;
    }
}
