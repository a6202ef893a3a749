package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplaySourceTest {
    @Test
    void loopsBackToTheFirstValueAfterTheLast() {
        ReplaySource source = new ReplaySource(Dataset.of("t", 1, 2, 3));

        double[] values = IntStream.range(0, 8).mapToDouble(i -> source.nextValue()).toArray();

        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 1, 2}, values);
    }

    @Test
    void aSingleValueDatasetRepeatsForever() {
        ReplaySource source = new ReplaySource(Dataset.of("t", 7));

        assertArrayEquals(new double[] {7, 7, 7}, new double[] {source.nextValue(), source.nextValue(),
            source.nextValue()});
    }

    @Test
    void datasetsMustBeNonEmptyAndFinite() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("t"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("t", 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("t", Double.POSITIVE_INFINITY));
    }
}
