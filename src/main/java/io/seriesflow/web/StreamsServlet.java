package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.EngineClosedException;
import io.seriesflow.engine.Point;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.PublishResult;
import io.seriesflow.engine.SourceFedStreamException;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLimitException;
import io.seriesflow.engine.TimestampOrderException;
import io.seriesflow.engine.UnknownStreamException;
import io.seriesflow.protocol.IngestFormat;
import io.seriesflow.protocol.IngestFormatException;
import io.seriesflow.protocol.IngestLimitException;
import io.seriesflow.protocol.StreamJson;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The streams API: {@code GET /api/streams}, {@code GET /api/streams/{name}},
 * {@code GET /api/streams/{name}/points?since=&limit=} and {@code POST /api/streams/{name}/points}. A thin
 * adapter: parsing lives in {@code protocol}, publishing in the engine; errors become problem bodies.
 */
@WebServlet(urlPatterns = {"/api/streams", "/api/streams/*"})
public class StreamsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long ENGINE_WAIT_SECONDS = 10;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, this::get);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, this::post);
    }

    /** Runs a handler with the running application; 503 while it is not running or is shutting down. */
    private static void serve(HttpServletRequest request, HttpServletResponse response, Handler handler)
            throws IOException {
        Optional<RunningApplication> application = running(response);
        if (application.isPresent()) {
            try {
                handler.handle(application.get(), request, response);
            } catch (RejectedExecutionException e) {
                Problems.send(response, Problems.Type.UNAVAILABLE, "the server is shutting down");
            }
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(RunningApplication application, HttpServletRequest request, HttpServletResponse response)
                throws IOException;
    }

    /** The application, or empty after a 503 while it is not running (deploying or undeploying). */
    private static Optional<RunningApplication> running(HttpServletResponse response) throws IOException {
        try {
            return Optional.of(ActiveApplication.require());
        } catch (IllegalStateException e) {
            Problems.send(response, Problems.Type.UNAVAILABLE, e.getMessage());
            return Optional.empty();
        }
    }

    private void get(RunningApplication application, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<Route> route = route(request, response);
        if (route.isEmpty()) {
            return;
        }
        if (route.get().stream == null) {
            List<JsonObject> streams = application.hub().streams().all().stream()
                    .map(s -> StreamJson.summary(s.descriptor(), s.state())).toList();
            writeJson(response, 200, StreamJson.list(streams).toString());
            return;
        }
        Optional<Stream> stream = application.hub().streams().find(route.get().stream);
        if (stream.isEmpty()) {
            Problems.send(response, Problems.Type.UNKNOWN_STREAM, "no stream named '" + route.get().stream + "'");
            return;
        }
        if (!route.get().points) {
            writeJson(response, 200, StreamJson.summary(stream.get().descriptor(), stream.get().state()).toString());
            return;
        }
        readPoints(application, stream.get(), request, response);
    }

    private void readPoints(RunningApplication application, Stream stream, HttpServletRequest request,
                            HttpServletResponse response) throws IOException {
        int maxLimit = application.settings().integer(Setting.READ_MAX_POINTS);
        long since;
        int limit;
        try {
            since = longParameter(request, "since", 0, 0, Long.MAX_VALUE);
            limit = (int) longParameter(request, "limit", Math.min(1_000, maxLimit), 1, maxLimit);
        } catch (IllegalArgumentException e) {
            Problems.send(response, Problems.Type.BAD_REQUEST, e.getMessage());
            return;
        }
        Optional<List<Point>> points = await(stream.read(since, limit), response);
        if (points.isPresent()) {
            writeJson(response, 200, StreamJson.points(stream.descriptor(), points.get()));
        }
    }

    private void post(RunningApplication application, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<Route> route = route(request, response);
        if (route.isEmpty()) {
            return;
        }
        if (route.get().stream == null || !route.get().points) {
            Problems.send(response, Problems.Type.BAD_REQUEST, "publish with POST /api/streams/{name}/points");
            return;
        }
        if (!PublishAuthorization.check(application.settings().publishToken(), request, response)) {
            return;
        }
        Optional<IngestFormat> format = IngestFormat.forContentType(request.getContentType());
        if (format.isEmpty()) {
            Problems.send(response, Problems.Type.UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
                    + request.getContentType() + "' is not one of " + IngestFormat.supportedMediaTypes());
            return;
        }
        Optional<String> body = RequestBodies.readUtf8(request, response,
                application.settings().integer(Setting.INGEST_MAX_BYTES));
        if (body.isEmpty()) {
            return;
        }
        PointBatch batch;
        try {
            batch = format.get().parse(body.get(), application.settings().integer(Setting.INGEST_MAX_POINTS),
                    request.getParameter("precision"));
        } catch (IngestFormatException e) {
            Problems.send(response, Problems.Type.INVALID_BODY, e.getMessage(), e.location());
            return;
        } catch (IngestLimitException e) {
            Problems.send(response, Problems.Type.TOO_LARGE, e.getMessage());
            return;
        }
        publish(application, route.get().stream, batch, response);
    }

    private void publish(RunningApplication application, StreamId stream, PointBatch batch,
                         HttpServletResponse response) throws IOException {
        try {
            Optional<PublishResult> result = await(application.hub().publish(stream, batch), response);
            if (result.isPresent()) {
                writeJson(response, 200, StreamJson.published(result.get()).toString());
            }
        } catch (EngineClosedException e) {
            Problems.send(response, Problems.Type.UNAVAILABLE, e.getMessage());
        } catch (UnknownStreamException e) {
            Problems.send(response, Problems.Type.UNKNOWN_STREAM, e.getMessage()
                    + " and seriesflow.create-on-publish is false");
        } catch (StreamLimitException e) {
            Problems.send(response, Problems.Type.STREAM_LIMIT, e.getMessage());
        } catch (SourceFedStreamException e) {
            Problems.send(response, Problems.Type.SOURCE_STREAM, e.getMessage());
        }
    }

    /** Waits for the engine; failures become problem responses and an empty result. */
    private static <T> Optional<T> await(Future<T> future, HttpServletResponse response) throws IOException {
        try {
            return Optional.of(future.get(ENGINE_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimestampOrderException order) {
                Problems.send(response, Problems.Type.TIMESTAMP_ORDER, order.getMessage(), "point " + order.index());
                return Optional.empty();
            }
            throw new IOException("the engine failed", e.getCause());
        } catch (TimeoutException e) {
            if (!future.cancel(false) && !future.isCancelled()) {
                // Too late to withdraw: the stream is applying it now, so its result follows at once.
                return await(future, response);
            }
            Problems.send(response, Problems.Type.UNAVAILABLE, "the stream did not answer within "
                    + ENGINE_WAIT_SECONDS + " s; nothing was applied");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Problems.send(response, Problems.Type.UNAVAILABLE, "interrupted");
            return Optional.empty();
        }
    }

    /** Which stream and whether {@code /points}; a bad path gets its problem response and empty. */
    private static Optional<Route> route(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            return Optional.of(new Route(null, false));
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("points"))) {
            Problems.send(response, Problems.Type.UNKNOWN_STREAM, "no resource at " + path);
            return Optional.empty();
        }
        try {
            return Optional.of(new Route(StreamId.of(parts[0]), parts.length == 2));
        } catch (IllegalArgumentException e) {
            Problems.send(response, Problems.Type.BAD_REQUEST, e.getMessage());
            return Optional.empty();
        }
    }

    private static long longParameter(HttpServletRequest request, String name, long fallback, long min, long max) {
        String text = request.getParameter(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number in " + min + ".." + max + ", was '"
                    + CloseReasons.fit(text) + "'");
        }
    }

    private static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer writer = response.getWriter()) {
            writer.write(json);
        }
    }

    private record Route(StreamId stream, boolean points) {
    }
}
