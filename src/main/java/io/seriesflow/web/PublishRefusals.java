package io.seriesflow.web;

import io.seriesflow.engine.EngineClosedException;
import io.seriesflow.engine.LogUnavailableException;
import io.seriesflow.engine.SourceFedStreamException;
import io.seriesflow.engine.StreamLimitException;
import io.seriesflow.engine.TimestampOrderException;
import io.seriesflow.engine.UnknownStreamException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/** The one mapping from a publish the engine refused or failed to the answer a client gets. Stateless. */
final class PublishRefusals {
    private static final System.Logger LOG = System.getLogger(PublishRefusals.class.getName());

    private PublishRefusals() {
    }

    /** @param stream the stream the publish went to, for the log */
    static IngestAnswer.Refused of(Throwable failure, String stream) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimestampOrderException order) {
            return refused(Problems.Type.TIMESTAMP_ORDER, order.getMessage(), "point " + order.index());
        } else if (cause instanceof EngineClosedException || cause instanceof RejectedExecutionException) {
            return refused(Problems.Type.UNAVAILABLE, "the server is shutting down", null);
        } else if (cause instanceof LogUnavailableException unavailable) {
            return new IngestAnswer.Refused(new Problem(Problems.Type.UNAVAILABLE, unavailable.getMessage()
                    + unavailable.retryKey().map(key -> "; the outcome is unknown: retry with Idempotency-Key: " + key)
                    .orElse("; nothing was applied")), true);
        } else if (cause instanceof UnknownStreamException unknown) {
            return refused(Problems.Type.UNKNOWN_STREAM, unknown.getMessage()
                    + " and seriesflow.create-on-publish is false", null);
        } else if (cause instanceof StreamLimitException limit) {
            return refused(Problems.Type.STREAM_LIMIT, limit.getMessage(), null);
        } else if (cause instanceof SourceFedStreamException source) {
            return refused(Problems.Type.SOURCE_STREAM, source.getMessage(), null);
        } else if (cause instanceof CancellationException) {
            return refused(Problems.Type.UNAVAILABLE, "the stream did not answer within "
                    + IngestExchange.ENGINE_WAIT_MILLIS / 1000 + " s; nothing was applied", null);
        }
        LOG.log(Level.ERROR, "publishing to " + stream + " failed", cause);
        return refused(Problems.Type.INTERNAL_ERROR, "publishing failed", null);
    }

    private static IngestAnswer.Refused refused(Problems.Type type, String detail, String location) {
        return new IngestAnswer.Refused(new Problem(type, detail, location));
    }
}
