package io.seriesflow.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

/**
 * InfluxDB's write endpoints, so that InfluxDB client libraries and Telegraf ({@code outputs.influxdb_v2},
 * {@code outputs.http}) publish unchanged: {@code POST /api/v2/write?org=&bucket=&precision=} (InfluxDB 2) and
 * {@code POST /write?db=&precision=} (InfluxDB 1). {@code org}, {@code bucket} and {@code db} are accepted and
 * ignored: streams are named by {@code seriesflow.influx-stream-template}. The same asynchronous body handling as
 * the streams API ({@link IngestExchange}); answers 204, refusals in InfluxDB's error shape. A thin adapter.
 */
@WebServlet(urlPatterns = {"/api/v2/write", "/write"}, asyncSupported = true)
public class InfluxWriteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Asynchronous from the first line, as the streams API, so that a refusal never reads the unread body. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AsyncContext async = request.startAsync();
        try {
            RunningApplication application = ActiveApplication.orUnavailable();
            IngestExchange.start(async, response, application, InfluxWriteRequest.accept(application, request));
        } catch (ProblemException e) {
            IngestExchange.refuseUnread(async, response, e.problem(), InfluxErrors::send);
        } catch (RejectedExecutionException e) {
            IngestExchange.refuseUnread(async, response,
                    new Problem(Problems.Type.UNAVAILABLE, "the server is shutting down"), InfluxErrors::send);
        }
    }
}
