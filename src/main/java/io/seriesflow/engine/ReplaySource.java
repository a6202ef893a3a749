package io.seriesflow.engine;

import java.util.Objects;

/**
 * Replays a {@link Dataset} value by value, starting again at the first value after the last, forever.
 *
 * <p>Not thread-safe: it belongs to the single writer of one stream.
 */
public final class ReplaySource implements PointSource {
    private final Dataset dataset;
    private int nextIndex;

    public ReplaySource(Dataset dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    @Override
    public double nextValue() {
        double value = dataset.valueAt(nextIndex);
        nextIndex = (nextIndex + 1) % dataset.size();
        return value;
    }

    /** Seq k of a stream fed from the start carries value {@code (k - 1) mod size}: the next one follows lastSeq. */
    @Override
    public void continueAfter(long lastSeq, double lastValue) {
        nextIndex = (int) Math.floorMod(lastSeq, (long) dataset.size());
    }

    @Override
    public String describe() {
        return "replay of " + dataset.origin() + " (" + dataset.size() + " values, looping)";
    }
}
