package io.seriesflow.web;

import io.seriesflow.engine.StreamId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request under {@code /api/streams} names: all streams, one stream, or one stream's points. Immutable.
 *
 * @param stream the stream, empty for {@code /api/streams}
 * @param points whether the path ends in {@code /points}
 */
record StreamRoute(Optional<StreamId> stream, boolean points) {
    /**
     * The route of a request. Path parameters ({@code /api/streams/x;y/points}, also {@code %3B}) are refused:
     * containers strip {@code ;y} from the path they hand over, so {@code x;y} would otherwise mean {@code x}.
     *
     * @throws ProblemException 400 for a path parameter or a bad stream name, 404 for an unknown path
     */
    static StreamRoute of(HttpServletRequest request) throws ProblemException {
        String raw = request.getRequestURI();
        if (raw != null && (raw.indexOf(';') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%3b"))) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "path parameters (';') are not allowed in "
                    + CloseReasons.fit(raw));
        }
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            return new StreamRoute(Optional.empty(), false);
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("points"))) {
            throw new ProblemException(Problems.Type.UNKNOWN_STREAM, "no resource at " + CloseReasons.fit(path));
        }
        try {
            return new StreamRoute(Optional.of(StreamId.of(parts[0])), parts.length == 2);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, e.getMessage());
        }
    }
}
