package io.seriesflow.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health/live}: 200 while the application answers at all (a process or container check).
 * {@code GET /health/ready}: 200 when this node can serve ({@link Readiness}), 503 when it cannot, both with the
 * checks as JSON, for load balancers and Docker's health check. Open to every client: they reveal no data.
 */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body;
        boolean ok;
        if (request.getServletPath().endsWith("/live")) {
            body = Json.createObjectBuilder().add("status", "live").build();
            ok = true;
        } else {
            body = Readiness.check(ActiveApplication.current());
            ok = "ready".equals(body.getString("status"));
        }
        JsonResponse.write(response, ok ? 200 : 503, body.toString());
    }
}
