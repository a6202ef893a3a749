package io.seriesflow.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards everything under {@code /ops/}: refused (403) while no {@code seriesflow.ops-token} is configured or for
 * a client outside {@code seriesflow.ops-allowed-addresses}. The page's own files need nothing more (they hold no
 * data; a browser cannot send a header when it opens a page); its API also needs the token, checked by
 * {@link OperationsServlet}. Stateless.
 */
@WebFilter(urlPatterns = "/ops/*")
public class OperationsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            ActiveApplication.orUnavailable().opsAccess().checkAddress(request);
        } catch (ProblemException e) {
            Problems.send(response, e.problem());
            return;
        }
        chain.doFilter(request, response);
    }
}
