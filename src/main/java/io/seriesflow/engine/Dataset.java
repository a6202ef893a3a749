package io.seriesflow.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, non-empty sequence of finite values with the name of where it came from. Thread-safe because
 * nothing in it changes after construction.
 */
public final class Dataset {
    private final String origin;
    private final double[] values;

    private Dataset(String origin, double[] values) {
        this.origin = origin;
        this.values = values;
    }

    /**
     * Copies the values.
     *
     * @throws IllegalArgumentException when there are no values or one is not finite
     */
    public static Dataset of(String origin, double... values) {
        Objects.requireNonNull(origin, "origin");
        if (values.length == 0) {
            throw new IllegalArgumentException(origin + ": a dataset needs at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(origin + ": value at index " + i + " is not finite");
            }
        }
        return new Dataset(origin, values.clone());
    }

    public String origin() {
        return origin;
    }

    public int size() {
        return values.length;
    }

    public double valueAt(int index) {
        return values[index];
    }

    @Override
    public String toString() {
        return "Dataset[" + origin + ", " + values.length + " values, first " + values[0] + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that && origin.equals(that.origin) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * origin.hashCode() + Arrays.hashCode(values);
    }
}
