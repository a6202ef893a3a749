package io.seriesflow.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a subscription starts: live only, after a known position, or live after the history of a window reduced
 * to an aggregate. Immutable.
 *
 * @param since deliver retained points with a greater seq first; empty for live only
 * @param epoch the epoch {@code since} belongs to; empty when the client does not know it
 * @param backfill before the live points, the retained history from a time on as one aggregate; empty for none
 *                 (never together with {@code since})
 */
public record Resume(OptionalLong since, Optional<String> epoch, Optional<Backfill> backfill) {
    public Resume {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(backfill, "backfill");
        if (since.isPresent() && backfill.isPresent()) {
            throw new IllegalArgumentException("a subscription resumes from a position or backfills, not both");
        }
    }

    /** Live only, or after a position: no backfill. */
    public Resume(OptionalLong since, Optional<String> epoch) {
        this(since, epoch, Optional.empty());
    }

    public static Resume live() {
        return new Resume(OptionalLong.empty(), Optional.empty());
    }

    public static Resume after(long since, String epoch) {
        return new Resume(OptionalLong.of(since), Optional.ofNullable(epoch));
    }

    /** Live, after the window's history as an aggregate. */
    public static Resume backfilled(Backfill backfill) {
        return new Resume(OptionalLong.empty(), Optional.empty(), Optional.of(backfill));
    }

    /** Whether history goes out before the live points (a replay or a backfill). */
    public boolean sendsHistory() {
        return since.isPresent() || backfill.isPresent();
    }
}
