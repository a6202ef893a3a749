package io.seriesflow.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /ops/api/state}: what the operations page shows, as JSON ({@link OperationsState}); needs
 * {@code Authorization: Bearer <seriesflow.ops-token>} besides what {@link OperationsFilter} checks.
 */
@WebServlet(urlPatterns = "/ops/api/state")
public class OperationsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RunningApplication application;
        try {
            application = ActiveApplication.orUnavailable();
            application.opsAccess().check(request);
        } catch (ProblemException e) {
            Problems.send(response, e.problem());
            return;
        }
        JsonResponse.write(response, 200, OperationsState.of(application).toString());
    }
}
