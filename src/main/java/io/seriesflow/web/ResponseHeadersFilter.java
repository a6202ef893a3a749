package io.seriesflow.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts {@link ResponseHeaders} on every response of the application before it is written, except WebSocket
 * upgrades, whose 101 answer stays as the container builds it. Servlets may override a header afterwards (the
 * API's own {@code Cache-Control: no-store}). Stateless.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ResponseHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!WebSocketHandshakeFilter.isWebSocketUpgrade(request)) {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            ResponseHeaders.forPath(path.isEmpty() ? "/" : path, request.getHeader("Host"))
                    .forEach(response::setHeader);
        }
        chain.doFilter(request, response);
    }
}
