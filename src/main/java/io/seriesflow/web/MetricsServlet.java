package io.seriesflow.web;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: this node's metrics in the Prometheus text format, or OpenMetrics when the scraper asks for
 * it ({@code Accept: application/openmetrics-text}). The Prometheus Java client writes them. Limited by
 * {@code seriesflow.metrics-allowed-addresses} and {@code seriesflow.metrics-token}; 404 with
 * {@code seriesflow.metrics=off}.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrometheusMetrics metrics;
        try {
            RunningApplication application = ActiveApplication.orUnavailable();
            metrics = application.prometheus().orElseThrow(() -> new ProblemException(Problems.Type.NOT_FOUND,
                    "metrics are off (seriesflow.metrics=off)"));
            application.metricsAccess().check(request);
        } catch (ProblemException e) {
            Problems.send(response, e.problem());
            return;
        }
        ExpositionFormatWriter writer = metrics.writerFor(request.getHeader("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        metrics.write(writer, body);
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
