package io.seriesflow.web;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * Problem bodies for the statuses the container answers itself under {@code /api/} (no servlet for the path, a
 * method a servlet does not implement, an exception): the documented type where there is one, else
 * {@code about:blank} with the status's reason phrase, as RFC 9457 provides. Stateless.
 */
final class ContainerProblems {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(417, "Expectation Failed"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

    private ContainerProblems() {
    }

    /** The reason phrase of a status. */
    static String reason(int status) {
        return REASONS.getOrDefault(status, status < 500 ? "Client Error" : "Server Error");
    }

    static void send(HttpServletResponse response, int status, String path) throws IOException {
        switch (status) {
            case 400 -> Problems.send(response, Problems.Type.BAD_REQUEST, "the request is malformed");
            case 404 -> Problems.send(response, Problems.Type.NOT_FOUND, "no resource at " + CloseReasons.fit(path));
            case 405 -> Problems.send(response, Problems.Type.METHOD_NOT_ALLOWED, "the method is not allowed on "
                    + CloseReasons.fit(path));
            case 500 -> Problems.send(response, Problems.Type.INTERNAL_ERROR, "the server failed; its log says more");
            case 503 -> Problems.send(response, Problems.Type.UNAVAILABLE, "the application is not available");
            default -> sendBlank(response, status);
        }
    }

    private static void sendBlank(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer writer = response.getWriter()) {
            writer.write(Json.createObjectBuilder().add("type", "about:blank").add("title", reason(status))
                    .add("status", status).build().toString());
        }
    }
}
