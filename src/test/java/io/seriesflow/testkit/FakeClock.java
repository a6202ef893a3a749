package io.seriesflow.testkit;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. Not thread-safe. */
public final class FakeClock implements InstantSource {
    private long millis;

    public FakeClock(long startMillis) {
        this.millis = startMillis;
    }

    public void advance(long deltaMillis) {
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
}
