package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.config.Settings;
import io.seriesflow.protocol.ContentCoding;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * What an ingest request's headers say of its body, checked before a byte of it is read: its content coding
 * (415 for one not supported) and its declared length (413 above {@code seriesflow.ingest-max-bytes}; -1 when the
 * body is chunked, whose size the reader limits as it arrives). Shared by every ingest path. Immutable.
 *
 * @param coding how the body is encoded
 * @param declaredLength {@code Content-Length}, or -1
 */
record IngestBodyHeaders(ContentCoding coding, long declaredLength) {
    static IngestBodyHeaders check(HttpServletRequest request, Settings settings) throws ProblemException {
        String encoding = request.getHeader("Content-Encoding");
        Optional<ContentCoding> coding = ContentCoding.forHeader(encoding);
        if (coding.isEmpty()) {
            throw new ProblemException(Problems.Type.UNSUPPORTED_ENCODING, "Content-Encoding '"
                    + CloseReasons.fit(encoding) + "' is not one of " + ContentCoding.supported());
        }
        long declared = request.getContentLengthLong();
        int maxBytes = settings.integer(Setting.INGEST_MAX_BYTES);
        if (declared > maxBytes) {
            throw new ProblemException(Problems.Type.TOO_LARGE, "the body has " + declared + " bytes; the limit is "
                    + maxBytes + " (seriesflow.ingest-max-bytes)");
        }
        return new IngestBodyHeaders(coding.get(), declared);
    }
}
