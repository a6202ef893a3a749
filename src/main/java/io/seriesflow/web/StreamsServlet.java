package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.LogEntry;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.LogUnavailableException;
import io.seriesflow.engine.Point;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.engine.TimestampOrderException;
import io.seriesflow.protocol.StreamJson;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The streams API: {@code GET /api/streams}, {@code GET /api/streams/{name}},
 * {@code GET /api/streams/{name}/points?since=&limit=} (or {@code ?from=&to=&buckets=}, aggregated) and
 * {@code POST /api/streams/{name}/points}. A thin
 * adapter: parsing lives in {@code protocol}, publishing in the engine; errors become problem bodies. A POST is
 * asynchronous from its first line ({@link IngestExchange}), so no container thread waits for its body.
 */
@WebServlet(urlPatterns = {"/api/streams", "/api/streams/*"}, asyncSupported = true)
public class StreamsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long ENGINE_WAIT_SECONDS = IngestExchange.ENGINE_WAIT_MILLIS / 1000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            get(ActiveApplication.orUnavailable(), StreamRoute.of(request), request, response);
        } catch (ProblemException e) {
            Problems.send(response, e.problem());
        } catch (RejectedExecutionException e) {
            Problems.send(response, Problems.Type.UNAVAILABLE, "the server is shutting down");
        }
    }

    /**
     * Starts asynchronous processing before anything else, so that every answer, refusals included, completes
     * an asynchronous request: with {@code Connection: close} Tomcat then closes the connection at once, where
     * after a synchronous answer it would read (swallow) the unread body on this thread first.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AsyncContext async = request.startAsync();
        try {
            RunningApplication application = ActiveApplication.orUnavailable();
            IngestExchange.start(async, response, application, IngestRequest.accept(application, request));
        } catch (ProblemException e) {
            IngestExchange.refuseUnread(async, response, e.problem(), Problems::send);
        } catch (RejectedExecutionException e) {
            IngestExchange.refuseUnread(async, response,
                    new Problem(Problems.Type.UNAVAILABLE, "the server is shutting down"), Problems::send);
        }
    }

    private void get(RunningApplication application, StreamRoute route, HttpServletRequest request,
                     HttpServletResponse response) throws IOException, ProblemException {
        if (route.stream().isEmpty()) {
            Optional<List<LogMeta>> all = await(application.hub().log().list(), response);
            if (all.isPresent()) {
                List<JsonObject> streams = all.get().stream().map(meta -> summary(application, meta)).toList();
                JsonResponse.write(response, 200, StreamJson.list(streams).toString());
            }
            return;
        }
        StreamId id = route.stream().get();
        Optional<Optional<LogMeta>> meta = await(application.hub().log().meta(id), response);
        if (meta.isEmpty()) {
            return;
        }
        if (meta.get().isEmpty()) {
            Problems.send(response, Problems.Type.UNKNOWN_STREAM, "no stream named '" + id.name() + "'");
            return;
        }
        if (!route.points()) {
            JsonResponse.write(response, 200, summary(application, meta.get().get()).toString());
            return;
        }
        if (AggregateQuery.isAsked(request)) {
            readAggregate(application, id, AggregateQuery.parse(request, application.clock().millis(),
                    application.hub().streams().limits().maxAggregateBuckets()), response);
            return;
        }
        readPoints(application, meta.get().get(), request, response);
    }

    /** The log's positions, with this node's index, rate and subscribers where it has the stream. */
    private static JsonObject summary(RunningApplication application, LogMeta meta) {
        Optional<Stream> local = application.hub().streams().find(meta.stream());
        StreamLabel label = meta.label().orElse(application.hub().streams().configuredLabel(meta.stream()));
        return StreamJson.summary(meta, label, local.map(Stream::descriptor), local.map(Stream::state));
    }

    private void readPoints(RunningApplication application, LogMeta meta, HttpServletRequest request,
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
        Optional<Stream> local = application.hub().streams().find(meta.stream()).filter(Stream::isReady);
        if (local.isPresent()) {
            Optional<List<Point>> points = await(local.get().read(since, limit), response);
            if (points.isPresent()) {
                JsonResponse.write(response, 200, StreamJson.points(meta.stream(), local.get().descriptor().epoch(),
                        points.get()));
            }
            return;
        }
        long from = since == Long.MAX_VALUE ? Long.MAX_VALUE : since + 1;
        Optional<List<LogEntry>> entries = await(application.hub().log().read(meta.stream(), from, limit), response);
        if (entries.isPresent()) {
            JsonResponse.write(response, 200, StreamJson.points(meta.stream(), meta.epoch(), points(entries.get(),
                    from, limit)));
        }
    }

    /** The stream's retained points in the query's window as an M4 aggregate, computed on its lane. */
    private void readAggregate(RunningApplication application, StreamId id, AggregateQuery query,
                               HttpServletResponse response) throws IOException {
        Optional<Optional<Stream>> stream = await(application.hub().lookup(id), response);
        if (stream.isEmpty()) {
            return;
        }
        if (stream.get().isEmpty()) {
            Problems.send(response, Problems.Type.UNKNOWN_STREAM, "no stream named '" + id.name() + "'");
            return;
        }
        Stream found = stream.get().get();
        Optional<Optional<PointAggregate>> aggregate = await(found.aggregate(query.fromMillis(), query.toMillis(),
                query.buckets()), response);
        if (aggregate.isPresent()) {
            JsonResponse.write(response, 200, StreamJson.aggregate(id, found.descriptor().epoch(), query.fromMillis(),
                    query.toMillis(), query.buckets(), aggregate.get()));
        }
    }

    private static List<Point> points(List<LogEntry> entries, long from, int limit) {
        List<Point> points = new ArrayList<>();
        for (LogEntry entry : entries) {
            for (int i = 0; i < entry.size() && points.size() < limit; i++) {
                long seq = entry.firstSeq() + i;
                if (seq >= from) {
                    points.add(new Point(seq, entry.timestampAt(i), entry.valueAt(i)));
                }
            }
        }
        return points;
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
            if (e.getCause() instanceof LogUnavailableException unavailable) {
                response.setHeader("Retry-After", "1");
                Problems.send(response, Problems.Type.UNAVAILABLE, unavailable.getMessage());
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
}
