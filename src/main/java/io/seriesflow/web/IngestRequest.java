package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.PendingPublish;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.protocol.ContentCoding;
import io.seriesflow.protocol.IngestFormat;
import io.seriesflow.protocol.StreamJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * What the headers of a {@code POST /api/streams/{name}/points} say, once they passed every check that needs
 * no body: route, token, Content-Type, Content-Encoding and declared length. Immutable.
 *
 * @param declaredLength the Content-Length, or -1 when the body is chunked
 * @param idempotencyKey the {@code Idempotency-Key} header: a retry with the same key applies nothing twice
 * @param label the {@code displayName} and {@code unit} query parameters: what the publish sets of the stream's label
 */
record IngestRequest(StreamId stream, IngestFormat format, ContentCoding coding, String precision,
                     long declaredLength, Optional<String> idempotencyKey, StreamLabel.Change label)
        implements IngestTarget {
    /** Printable ASCII without spaces, as in the IETF draft's examples (UUIDs, opaque tokens), 1 to 128 chars. */
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,128}");

    /** @throws ProblemException the refusal, in the order a client can fix them: path, token, types, size */
    static IngestRequest accept(RunningApplication application, HttpServletRequest request) throws ProblemException {
        StreamRoute route = StreamRoute.of(request);
        if (route.stream().isEmpty() || !route.points()) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "publish with POST /api/streams/{name}/points");
        }
        PublishAuthorization.check(application.settings().publishToken(), request);
        Optional<IngestFormat> format = IngestFormat.forContentType(request.getContentType());
        if (format.isEmpty()) {
            throw new ProblemException(Problems.Type.UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
                    + CloseReasons.fit(String.valueOf(request.getContentType())) + "' is not one of "
                    + IngestFormat.supportedMediaTypes());
        }
        IngestBodyHeaders body = IngestBodyHeaders.check(request, application.settings());
        return new IngestRequest(route.stream().get(), format.get(), body.coding(), request.getParameter("precision"),
                body.declaredLength(), idempotencyKey(request), label(request));
    }

    /** @throws ProblemException 400 for a display name or unit that breaks the label's rules */
    private static StreamLabel.Change label(HttpServletRequest request) throws ProblemException {
        try {
            return new StreamLabel.Change(Optional.ofNullable(request.getParameter("displayName")),
                    Optional.ofNullable(request.getParameter("unit")));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public String describe() {
        return stream.name();
    }

    /** Publishes the body to the stream, atomically; answers 200 with the positions it got. */
    @Override
    public Publication publish(RunningApplication application, byte[] decoded) {
        PointBatch batch = format.parse(decoded, application.settings().integer(Setting.INGEST_MAX_POINTS),
                precision);
        PendingPublish pending;
        try {
            pending = application.hub().publish(stream, batch, idempotencyKey, label);
        } catch (RuntimeException e) {
            return Publication.answered(PublishRefusals.of(e, stream.name()));
        }
        return new Publication(pending.handle((result, failure) -> {
            if (failure != null) {
                return PublishRefusals.of(failure, stream.name());
            }
            application.ingestCounters().published(stream, MetricFamilies.label(format), result.count());
            return new IngestAnswer.Json(StreamJson.published(result).toString());
        }), () -> pending.cancel(false));
    }

    @Override
    public void refuse(HttpServletResponse response, Problem problem) throws IOException {
        Problems.send(response, problem);
    }

    static Optional<String> idempotencyKey(HttpServletRequest request) throws ProblemException {
        String key = request.getHeader("Idempotency-Key");
        if (key == null) {
            return Optional.empty();
        }
        String trimmed = key.strip();
        if (trimmed.length() > 1 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (!KEY.matcher(trimmed).matches()) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "Idempotency-Key must be 1 to 128 printable "
                    + "ASCII characters without spaces");
        }
        return Optional.of(trimmed);
    }
}
