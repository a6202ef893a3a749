package io.seriesflow.web;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Prometheus client's snapshots (counters, gauges, histograms) from plain values, so the collectors
 * stay about what they measure. Names are given without the {@code _total} a counter gets on the wire.
 * Stateless.
 */
final class MetricFamilies {
    private MetricFamilies() {
    }

    /**
     * The label value of an enum constant: lower case with dashes ({@code SLOW_CONSUMER} is {@code slow-consumer},
     * {@code INFLUX_LINE_PROTOCOL} is {@code influx-line-protocol}).
     */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static MetricSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    /** One counter per label values: each key holds the values of {@code labelNames}, in order. */
    static MetricSnapshot counters(String name, String help, List<String> labelNames,
                                   Map<List<String>, ? extends Number> values) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        values.forEach((key, value) -> family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of(labelNames, key)).value(value.doubleValue()).build()));
        return family.build();
    }

    static MetricSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    static MetricSnapshot gauges(String name, String help, List<String> labelNames,
                                 Map<List<String>, ? extends Number> values) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        values.forEach((key, value) -> family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of(labelNames, key)).value(value.doubleValue()).build()));
        return family.build();
    }

    /**
     * A histogram in seconds.
     *
     * @param upperBounds the buckets' upper bounds, ascending, without +Inf
     * @param counts observations per bucket (not cumulative), one more than the bounds (the last above them all)
     * @param gauge true for a distribution of current values (each scrape a new one), false for observations
     */
    static MetricSnapshot histogram(String name, String help, Unit unit, double[] upperBounds, long[] counts,
                                    double sum, boolean gauge) {
        double[] bounds = new double[upperBounds.length + 1];
        System.arraycopy(upperBounds, 0, bounds, 0, upperBounds.length);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder().name(name).help(help).unit(unit).gaugeHistogram(gauge)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sum).build())
                .build();
    }
}
