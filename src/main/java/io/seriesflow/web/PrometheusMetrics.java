package io.seriesflow.web;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * This deployment's Prometheus registry: the {@code seriesflow_*} collectors, which read the engine at each scrape,
 * and the JVM's and process's own metrics (threads, garbage collection, memory and buffer pools, classes, JIT,
 * CPU, file descriptors). The registry is the deployment's own, never the library's global one.
 *
 * <p>The JVM metrics chosen only read platform MXBeans when scraped: none registers a listener on them (the
 * allocation metrics do, which would keep the application's class loader alive after an undeploy), and none starts
 * a thread. Thread-safe: the registry and the collectors are.
 */
final class PrometheusMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    PrometheusMetrics(RunningApplication application, int topStreams) {
        registry.register(new EngineCollector(application));
        registry.register(new StreamCollector(application, topStreams));
        JvmThreadsMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** The writer for a request's Accept header: OpenMetrics when asked for, else the Prometheus text format. */
    ExpositionFormatWriter writerFor(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        return writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
    }

    /** Scrapes every collector and writes the result in the writer's format. */
    void write(ExpositionFormatWriter writer, OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
