package io.seriesflow.web;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refusals on the InfluxDB write paths in InfluxDB's own error shape, {@code {"code":"invalid","message":"..."}}
 * (with {@code "line"} when one line is at fault), which InfluxDB clients and Telegraf read. The status is the
 * problem type's; the code is InfluxDB's name for it. Stateless.
 */
final class InfluxErrors {
    private static final Map<Integer, String> CODES = Map.ofEntries(Map.entry(400, "invalid"),
            Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"), Map.entry(404, "not found"),
            Map.entry(405, "method not allowed"), Map.entry(408, "invalid"), Map.entry(409, "conflict"),
            Map.entry(413, "request too large"), Map.entry(415, "unsupported media type"),
            Map.entry(422, "unprocessable entity"), Map.entry(500, "internal error"),
            Map.entry(503, "unavailable"));
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private InfluxErrors() {
    }

    /** InfluxDB's error code for an HTTP status. */
    static String code(int status) {
        return CODES.getOrDefault(status, status < 500 ? "invalid" : "internal error");
    }

    static void send(HttpServletResponse response, Problem problem) throws IOException {
        int status = problem.type().status();
        JsonObjectBuilder body = Json.createObjectBuilder().add("code", code(status)).add("message",
                problem.detail());
        if (problem.location() != null) {
            Matcher line = LINE.matcher(problem.location());
            if (line.matches()) {
                body.add("line", Integer.parseInt(line.group(1)));
            }
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (status == 503 || status == 429) {
            response.setHeader("Retry-After", "1");
        }
        try (Writer writer = response.getWriter()) {
            writer.write(body.build().toString());
        }
    }
}
