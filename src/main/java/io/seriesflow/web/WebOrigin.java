package io.seriesflow.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers send it in the {@code Origin} header: scheme, host and port, the port made explicit
 * from the scheme's default (80 for http, 443 for https) so that {@code https://example.com} and
 * {@code https://example.com:443} are the same origin. Immutable.
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host the host name or address, lower case (an IPv6 address in brackets)
 * @param port the port, never absent
 */
record WebOrigin(String scheme, String host, int port) {
    /** The origin a header value or an allow-list entry names; empty for "null", paths, other schemes or junk. */
    static Optional<WebOrigin> parse(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
            if (uri.getHost() == null || !bare || defaultPort(scheme) < 0) {
                return Optional.empty();
            }
            int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
            return Optional.of(new WebOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** 80 for http, 443 for https, -1 for any other scheme. */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    /**
     * Whether a {@code Host} header names this origin's host and port, a port missing from the header taken as
     * the default of this origin's scheme. The scheme cannot be compared: behind a proxy that ends TLS the
     * server sees plain HTTP for an https page.
     */
    boolean sameHostAndPort(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String authority = hostHeader.trim().toLowerCase(Locale.ROOT);
        int hostEnd = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
        if (hostEnd <= 0 || hostEnd == authority.length()) {
            return host.equals(authority) && port == defaultPort(scheme);
        }
        String hostPart = authority.substring(0, hostEnd);
        String portPart = authority.substring(hostEnd);
        if (!portPart.matches(":\\d{1,5}")) {
            return false;
        }
        return host.equals(hostPart) && port == Integer.parseInt(portPart.substring(1));
    }
}
