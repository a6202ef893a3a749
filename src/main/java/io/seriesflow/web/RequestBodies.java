package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads request bodies within a byte limit, as strict UTF-8. Stateless. */
final class RequestBodies {
    private RequestBodies() {
    }

    /** The body, or empty after sending 413 (too large) or 400 (not UTF-8). */
    static Optional<String> readUtf8(HttpServletRequest request, HttpServletResponse response, int maxBytes)
            throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            Problems.send(response, Problems.Type.TOO_LARGE, "the body has " + declared + " bytes; the limit is "
                    + maxBytes + " (seriesflow.ingest-max-bytes)");
            return Optional.empty();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, maxBytes)));
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body.size() + n > maxBytes) {
                    Problems.send(response, Problems.Type.TOO_LARGE, "the body exceeds the limit of " + maxBytes
                            + " bytes (seriesflow.ingest-max-bytes)");
                    return Optional.empty();
                }
                body.write(buffer, 0, n);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            Problems.send(response, Problems.Type.INVALID_BODY, "the body is not valid UTF-8");
            return Optional.empty();
        }
    }
}
