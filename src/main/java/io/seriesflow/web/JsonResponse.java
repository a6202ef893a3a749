package io.seriesflow.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;

/** Writes a JSON API response: the status, {@code application/json} in UTF-8, never cached. Stateless. */
final class JsonResponse {
    private JsonResponse() {
    }

    static void write(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer writer = response.getWriter()) {
            writer.write(json);
        }
    }
}
