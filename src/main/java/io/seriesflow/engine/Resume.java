package io.seriesflow.engine;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a subscription starts: live only, or after a known position. Immutable.
 *
 * @param since deliver retained points with a greater seq first; empty for live only
 * @param epoch the epoch {@code since} belongs to; empty when the client does not know it
 */
public record Resume(OptionalLong since, Optional<String> epoch) {
    public static Resume live() {
        return new Resume(OptionalLong.empty(), Optional.empty());
    }

    public static Resume after(long since, String epoch) {
        return new Resume(OptionalLong.of(since), Optional.ofNullable(epoch));
    }
}
