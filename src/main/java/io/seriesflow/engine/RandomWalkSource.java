package io.seriesflow.engine;

import java.util.SplittableRandom;

/**
 * A random walk with Gaussian steps, pulled gently back towards its start so it never drifts away.
 *
 * <p>Not thread-safe: it belongs to the single writer of one stream.
 */
public final class RandomWalkSource implements PointSource {
    private static final double PULL_BACK = 0.002;

    private final double start;
    private final double step;
    private final SplittableRandom random;
    private double current;

    public RandomWalkSource(double start, double step, long seed) {
        this.start = start;
        this.step = step;
        this.current = start;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public double nextValue() {
        current += step * random.nextGaussian() - PULL_BACK * (current - start);
        return current;
    }

    @Override
    public void continueAfter(long lastSeq, double lastValue) {
        current = lastValue;
    }

    @Override
    public String describe() {
        return "random walk (step " + step + ")";
    }
}
