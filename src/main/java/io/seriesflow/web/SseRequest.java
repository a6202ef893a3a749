package io.seriesflow.web;

import io.seriesflow.engine.StreamId;
import io.seriesflow.protocol.SseEventId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /sse?streams=a,b} asks for: the streams, and where each resumes. The position comes from the
 * {@code Last-Event-ID} header that {@code EventSource} sends when it reconnects by itself, or from the
 * {@code lastEventId} query parameter for a client that opens a new connection (an {@code EventSource} cannot
 * set headers). Immutable.
 *
 * @param streams the streams, in the order asked, without repeats
 * @param resumedFrom the positions of those streams the client came back with
 */
record SseRequest(List<StreamId> streams, SseEventId resumedFrom) {
    /** @throws ProblemException 400 with what is wrong */
    static SseRequest of(HttpServletRequest request, int maxStreams) throws ProblemException {
        String[] names = request.getParameterValues("streams");
        if (names == null || names.length != 1 || names[0].isBlank()) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "give the streams once, comma-separated: "
                    + "/sse?streams=a,b");
        }
        Set<StreamId> streams = new LinkedHashSet<>();
        for (String name : names[0].split(",", -1)) {
            try {
                streams.add(StreamId.of(name.strip()));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problems.Type.BAD_REQUEST, "streams: " + CloseReasons.fit(e.getMessage()));
            }
        }
        if (streams.size() > maxStreams) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "at most " + maxStreams
                    + " streams per connection (seriesflow.max-subscriptions), asked for " + streams.size());
        }
        String header = request.getHeader("Last-Event-ID");
        String parameter = request.getParameter("lastEventId");
        SseEventId resumed;
        try {
            resumed = SseEventId.parse(header != null && !header.isBlank() ? header : parameter, maxStreams);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problems.Type.BAD_REQUEST, "Last-Event-ID: " + CloseReasons.fit(e.getMessage()));
        }
        Map<StreamId, SseEventId.Position> asked = new LinkedHashMap<>(resumed.positions());
        asked.keySet().retainAll(streams);
        return new SseRequest(List.copyOf(new ArrayList<>(streams)), new SseEventId(asked));
    }
}
