package io.seriesflow.web;

import io.seriesflow.protocol.ContentCoding;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * What an accepted ingest request does with its body once {@link IngestExchange} has read and decoded it, and how
 * it words a refusal: one stream's points API, or an InfluxDB write that feeds several streams.
 */
interface IngestTarget {
    ContentCoding coding();

    /** The Content-Length, or -1 when the body is chunked. */
    long declaredLength();

    /** What the request writes to, for logs. */
    String describe();

    /**
     * Parses the decoded body and starts publishing it.
     *
     * @throws io.seriesflow.protocol.IngestFormatException for a body that cannot be parsed (400)
     * @throws io.seriesflow.protocol.IngestLimitException for one with too many points (413)
     */
    Publication publish(RunningApplication application, byte[] decoded);

    /** Writes a refusal in this API's error shape. */
    void refuse(HttpServletResponse response, Problem problem) throws IOException;

    /**
     * Publishing under way: the answer once the engine is done, and how to withdraw what it has not started
     * (afterwards the answer says that nothing more will be applied).
     */
    record Publication(CompletableFuture<IngestAnswer> answer, Runnable withdraw) {
        static Publication answered(IngestAnswer answer) {
            return new Publication(CompletableFuture.completedFuture(answer), () -> { });
        }
    }
}
