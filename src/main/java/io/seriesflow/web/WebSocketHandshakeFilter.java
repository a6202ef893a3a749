package io.seriesflow.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks WebSocket handshakes to {@code /ws} before the upgrade, so that refusals are plain HTTP with a problem
 * body: 403 for an Origin that is not allowed, 400 for a bad query string and 404 for an unknown stream in the
 * compatible mode, 503 while the application is not running. Non-upgrade requests pass through untouched.
 *
 * <p>Declared filters run before the containers' own WebSocket filters, which they add after the declared
 * ones. Stateless.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class WebSocketHandshakeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** How long a handshake waits for the shared stream log to say whether a stream exists. */
    private static final long LOOKUP_WAIT_SECONDS = 5;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isWebSocketUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        RunningApplication application;
        try {
            application = ActiveApplication.require();
        } catch (IllegalStateException e) {
            Problems.send(response, Problems.Type.UNAVAILABLE, e.getMessage());
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !AllowedOrigins.of(application.settings().allowedOrigins())
                .allows(origin, request.getHeader("Host"))) {
            Problems.send(response, Problems.Type.ORIGIN_NOT_ALLOWED, "origin '" + origin
                    + "' may not open this WebSocket; see seriesflow.allowed-origins");
            return;
        }
        if (!asksForSubprotocol(request)) {
            try {
                HandshakeParameters parameters = HandshakeParameters.parse(queryParameters(request));
                Optional<Boolean> exists = streamExists(application, parameters);
                if (exists.isEmpty()) {
                    response.setHeader("Retry-After", "1");
                    Problems.send(response, Problems.Type.UNAVAILABLE, "the stream log did not answer in time");
                    return;
                }
                if (!exists.get()) {
                    Problems.send(response, Problems.Type.UNKNOWN_STREAM,
                            "no stream named '" + parameters.stream() + "'");
                    return;
                }
            } catch (IllegalArgumentException e) {
                Problems.send(response, Problems.Type.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        chain.doFilter(new PeerAddressRequest(request), response);
    }

    /**
     * An upgrade as the containers recognise one: a {@code websocket} token, in any case, in any {@code Upgrade}
     * header ({@code Upgrade: websocket, h2c}, or two {@code Upgrade} headers). Anything the container would
     * upgrade must be checked here, or the checks could be skipped by dressing the header up.
     */
    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Upgrade");
        while (headers != null && headers.hasMoreElements()) {
            for (String token : headers.nextElement().split(",")) {
                if (token.trim().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean asksForSubprotocol(HttpServletRequest request) {
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        return protocols != null && Arrays.stream(protocols.split(","))
                .map(String::trim).anyMatch(p -> p.equals("seriesflow.v1") || p.equals("seriesflow.bin.v1"));
    }

    private static Map<String, List<String>> queryParameters(HttpServletRequest request) {
        return request.getParameterMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    /** Whether the stream exists (here, or in the shared log); empty when the log did not answer in time. */
    private static Optional<Boolean> streamExists(RunningApplication application, HandshakeParameters parameters) {
        try {
            return Optional.of(application.hub().lookup(parameters.stream())
                    .get(LOOKUP_WAIT_SECONDS, TimeUnit.SECONDS).isPresent());
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
