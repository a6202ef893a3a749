package io.seriesflow.engine;

/**
 * A monotonic clock in nanoseconds: what every duration in the engine (lag, idle, ping, send turns, rates,
 * rate limits) is measured on, so that a wall clock stepped forward or back never closes or spares a client.
 * The wall clock ({@link java.time.InstantSource}) only stamps points and ages history by their timestamps.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }

    /** Milliseconds from the same origin, for comparisons with limits given in ms. */
    default long millis() {
        return nanos() / 1_000_000L;
    }
}
