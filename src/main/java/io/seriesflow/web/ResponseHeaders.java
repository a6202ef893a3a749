package io.seriesflow.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The security and caching headers each response carries, by what it serves. The page and its static files get a
 * Content-Security-Policy that allows only this origin (and its WebSocket); the API gets one that allows nothing;
 * every response forbids framing and sniffing and sends no referrer. Versioned third-party scripts
 * ({@code /vendor/<name>/<version>/...}) are cached for good; the page and our own modules are revalidated.
 * Stateless.
 */
final class ResponseHeaders {
    /** A Host header safe to repeat in a policy: a name or IPv4/IPv6 address and an optional port. */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");
    private static final Pattern VERSIONED = Pattern.compile("/vendor/[a-z0-9-]+/[0-9][A-Za-z0-9.+-]*/.+");
    /**
     * TimeChart inserts five {@code <style>} elements into its shadow roots (chart host, crosshair, legend,
     * intersection markers, tooltip); only those exact texts are allowed, by hash, instead of
     * {@code 'unsafe-inline'}. {@code ResponseHeadersTest} recomputes them from the TimeChart the build ships and
     * PageIT fails on any CSP violation in the browser, so an upgrade that changes them is caught.
     */
    static final List<String> TIMECHART_STYLE_HASHES = List.of(
            "sha256-vpGB350I+/XSkkbu8jIqO9umr2pOj6oswFrdEl1hU3E=",
            "sha256-DqM21acOil+LZwnb1tkVdUOWiqSW8kGRdissiGObPVs=",
            "sha256-Ru1di5ZjlfWNuFm5wqvgOS2scpJjv8UYNEKF34pzDCA=",
            "sha256-IkdsGF1BmjQNkR93GEHG0qZj/BOI0sSnQvIVYHdTs4I=",
            "sha256-FC0zWZAYqnCCVvqTZJu2pss9QpxIiVG4VvT5iQkU1ro=");
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' "
            + TIMECHART_STYLE_HASHES.stream().map(h -> "'" + h + "'").collect(Collectors.joining(" "))
            + "; img-src 'self'; connect-src 'self'%s; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private ResponseHeaders() {
    }

    /**
     * @param path the request's path inside the application ({@code /}, {@code /js/app.js}, {@code /api/info})
     * @param host the request's Host header, may be null
     */
    static Map<String, String> forPath(String path, String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics") || path.startsWith("/health/")
                || path.startsWith("/ops/api/")) {
            headers.put("Content-Security-Policy", API_POLICY);
            return headers;
        }
        headers.put("Content-Security-Policy", String.format(PAGE_POLICY, webSocketSources(host)));
        headers.put("Cache-Control", VERSIONED.matcher(path).matches() ? "public, max-age=31536000, immutable"
                : "no-cache");
        return headers;
    }

    /** The page's own WebSocket, named for browsers whose 'self' does not cover ws: and wss: yet. */
    private static String webSocketSources(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            return "";
        }
        return " ws://" + host + " wss://" + host;
    }
}
