package io.seriesflow.testkit;

import io.seriesflow.engine.Ticker;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A wall clock and a monotonic ticker that the test moves by hand: {@link #advance} moves both (time passes),
 * {@link #stepWall} moves only the wall clock (someone set the system time). Not thread-safe.
 */
public final class FakeClock implements InstantSource, Ticker {
    private long millis;
    private long nanos = 1_000_000_000L;

    public FakeClock(long startMillis) {
        this.millis = startMillis;
    }

    /** Time passes: both clocks move. */
    public void advance(long deltaMillis) {
        millis += deltaMillis;
        nanos += deltaMillis * 1_000_000L;
    }

    /** The wall clock is set forward (positive) or back (negative); no time passes. */
    public void stepWall(long deltaMillis) {
        millis += deltaMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long nanos() {
        return nanos;
    }
}
