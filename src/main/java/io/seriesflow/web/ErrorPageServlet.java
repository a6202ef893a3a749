package io.seriesflow.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger.Level;

/**
 * The application's error page for every status and exception the container answers itself (mapped in
 * {@code WEB-INF/web.xml}): under {@code /api/}, {@code /health/}, {@code /ops/api/} and for {@code /metrics} a
 * problem body like every other answer there (a load balancer's health check gets JSON even when the container
 * refuses it, as Payara does with 503 while it stops), elsewhere a minimal page. Neither shows a stack trace, an
 * exception message or the server's version. Stateless.
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer)) {
            response.setStatus(404);
            writePage(response, 404);
            return;
        }
        int status = (Integer) code;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable throwable) {
            LOG.log(Level.ERROR, "request to " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
                    + " failed", throwable);
        }
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length())
                : uri;
        response.setStatus(status);
        if (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics")
                || path.startsWith("/ops/api/")) {
            // Not the method: an error dispatch may report another one (Tomcat reports GET).
            ContainerProblems.send(response, status, path);
        } else {
            writePage(response, status);
        }
    }

    private static void writePage(HttpServletResponse response, int status) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String title = status + " " + ContainerProblems.reason(status);
        try (Writer writer = response.getWriter()) {
            writer.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                    + "</title></head>\n<body><h1>" + title + "</h1></body></html>\n");
        }
    }
}
