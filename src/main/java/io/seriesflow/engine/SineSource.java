package io.seriesflow.engine;

import java.util.SplittableRandom;

/**
 * A sine wave with Gaussian noise: {@code offset + amplitude * sin(2 pi n / periodPoints) + noise}.
 *
 * <p>Not thread-safe: it belongs to the single writer of one stream.
 */
public final class SineSource implements PointSource {
    private final double offset;
    private final double amplitude;
    private final int periodPoints;
    private final double noise;
    private final SplittableRandom random;
    private long n;

    public SineSource(double offset, double amplitude, int periodPoints, double noise, long seed) {
        if (periodPoints < 2) {
            throw new IllegalArgumentException("a period needs at least 2 points");
        }
        this.offset = offset;
        this.amplitude = amplitude;
        this.periodPoints = periodPoints;
        this.noise = noise;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public double nextValue() {
        double phase = 2 * Math.PI * (n++ % periodPoints) / periodPoints;
        return offset + amplitude * Math.sin(phase) + noise * random.nextGaussian();
    }

    @Override
    public void continueAfter(long lastSeq, double lastValue) {
        n = lastSeq;
    }

    @Override
    public String describe() {
        return "sine (period " + periodPoints + " points, amplitude " + amplitude + ", noise " + noise + ")";
    }
}
