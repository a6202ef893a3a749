package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.PendingPublish;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamId;
import io.seriesflow.protocol.ContentCoding;
import io.seriesflow.protocol.IngestFormat;
import io.seriesflow.protocol.InfluxWrite;
import io.seriesflow.protocol.StreamNameTemplate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An InfluxDB write ({@code POST /api/v2/write}, {@code POST /write}) once its headers passed the checks: the
 * body is line protocol whatever its Content-Type, every numeric field becomes a point of its own stream
 * ({@link StreamNameTemplate}), and the answer is 204 as InfluxDB gives it. Each stream takes its points all or
 * nothing, and a stream that refuses them is not created; streams fed by the server's sources refuse the whole
 * request before anything is applied. When a stream refuses, the request gets that refusal's status and says
 * which streams were written ("partial write"). Immutable.
 *
 * @param precision the {@code precision} parameter, or null for nanoseconds
 * @param idempotencyKey with it, each stream's publish uses {@code key:stream}, so a retry applies nothing twice
 */
record InfluxWriteRequest(ContentCoding coding, String precision, long declaredLength, StreamNameTemplate names,
                          Optional<String> idempotencyKey) implements IngestTarget {

    /** @throws ProblemException the refusal, before the body is read: token, encoding, size */
    static InfluxWriteRequest accept(RunningApplication application, HttpServletRequest request)
            throws ProblemException {
        PublishAuthorization.checkInflux(application.settings().publishToken(), request);
        IngestBodyHeaders body = IngestBodyHeaders.check(request, application.settings());
        StreamNameTemplate names = StreamNameTemplate.parse(application.settings()
                .raw(Setting.INFLUX_STREAM_TEMPLATE));
        return new InfluxWriteRequest(body.coding(), queryParameter(request, "precision"), body.declaredLength(), names,
                IngestRequest.idempotencyKey(request));
    }

    /**
     * A parameter of the query string only. {@code getParameter} would read a body sent as a form (curl's default
     * Content-Type) to look for parameters, and InfluxDB takes line protocol whatever the Content-Type says.
     */
    private static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "an InfluxDB write";
    }

    @Override
    public Publication publish(RunningApplication application, byte[] decoded) {
        InfluxWrite write = InfluxWrite.parse(decoded, application.settings().integer(Setting.INGEST_MAX_POINTS),
                precision, names);
        if (write.batches().isEmpty()) {
            return Publication.answered(new IngestAnswer.NoContent());
        }
        Optional<StreamId> sourceFed = write.batches().keySet().stream().filter(stream -> application.hub()
                .isSourceFed(stream) && !application.hub().streams().limits().publishToSources()).findFirst();
        if (sourceFed.isPresent()) {
            return Publication.answered(new IngestAnswer.Refused(new Problem(Problems.Type.SOURCE_STREAM,
                    "the write names stream '" + sourceFed.get() + "', which a source of the server feeds; nothing "
                            + "was written (see seriesflow.publish-to-sources, seriesflow.influx-stream-template)")));
        }
        List<StreamId> streams = new ArrayList<>();
        List<PendingPublish> pending = new ArrayList<>();
        for (Map.Entry<StreamId, PointBatch> batch : write.batches().entrySet()) {
            streams.add(batch.getKey());
            pending.add(publish(application, batch.getKey(), batch.getValue()));
        }
        List<CompletableFuture<Throwable>> outcomes = pending.stream()
                .map(p -> p.handle((result, failure) -> failure)).toList();
        CompletableFuture<IngestAnswer> answer = CompletableFuture
                .allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .thenApply(all -> answer(streams, outcomes.stream().map(CompletableFuture::join).toList()));
        return new Publication(answer, () -> pending.forEach(p -> p.cancel(false)));
    }

    private PendingPublish publish(RunningApplication application, StreamId stream, PointBatch batch) {
        try {
            PendingPublish pending = application.hub().publish(stream, batch,
                    idempotencyKey.map(key -> key + ":" + stream));
            pending.thenAccept(result -> application.ingestCounters().published(stream,
                    MetricFamilies.label(IngestFormat.INFLUX_LINE_PROTOCOL), result.count()));
            return pending;
        } catch (RuntimeException e) {
            return PendingPublish.failed(e);
        }
    }

    /** 204 when every stream took its points, else the first refusal, naming what was written. */
    private static IngestAnswer answer(List<StreamId> streams, List<Throwable> failures) {
        List<String> written = new ArrayList<>();
        int firstRefused = -1;
        int refused = 0;
        for (int i = 0; i < streams.size(); i++) {
            if (failures.get(i) == null) {
                written.add(streams.get(i).name());
            } else {
                refused++;
                firstRefused = firstRefused < 0 ? i : firstRefused;
            }
        }
        if (firstRefused < 0) {
            return new IngestAnswer.NoContent();
        }
        StreamId stream = streams.get(firstRefused);
        IngestAnswer.Refused first = PublishRefusals.of(failures.get(firstRefused), stream.name());
        String detail = "stream '" + stream + "': " + first.problem().detail()
                + (refused > 1 ? " (and " + (refused - 1) + " more streams refused)" : "");
        if (!written.isEmpty()) {
            detail = "partial write: " + written.size() + " of " + streams.size() + " streams written ("
                    + String.join(", ", written.subList(0, Math.min(5, written.size())))
                    + (written.size() > 5 ? ", ..." : "") + "); " + detail;
        }
        return new IngestAnswer.Refused(new Problem(first.problem().type(), detail), first.retryAfter());
    }

    @Override
    public void refuse(HttpServletResponse response, Problem problem) throws IOException {
        InfluxErrors.send(response, problem);
    }
}
