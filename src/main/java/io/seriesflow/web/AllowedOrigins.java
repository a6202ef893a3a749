package io.seriesflow.web;

import java.util.List;
import java.util.Optional;

/**
 * Which browser origins may open the WebSocket: the configured list ({@code seriesflow.allowed-origins}),
 * compared by scheme, host and port; {@code *} for any; an empty list for the page's own origin (same host and
 * port as the {@code Host} header). {@code Origin: null} (sandboxed frames, local files, some redirects) is
 * never allowed, not even by {@code *}. Immutable.
 */
final class AllowedOrigins {
    private final boolean sameOriginOnly;
    private final boolean any;
    private final List<WebOrigin> listed;

    private AllowedOrigins(boolean sameOriginOnly, boolean any, List<WebOrigin> listed) {
        this.sameOriginOnly = sameOriginOnly;
        this.any = any;
        this.listed = listed;
    }

    /** The configured entries (Settings refuses ones that are not origins at deploy). */
    static AllowedOrigins of(List<String> entries) {
        return new AllowedOrigins(entries.isEmpty(), entries.contains("*"), entries.stream()
                .filter(e -> !e.equals("*")).map(WebOrigin::parse).flatMap(Optional::stream).toList());
    }

    boolean allows(String origin, String hostHeader) {
        Optional<WebOrigin> parsed = WebOrigin.parse(origin);
        if (parsed.isEmpty()) {
            return false;
        }
        if (any) {
            return true;
        }
        if (sameOriginOnly) {
            return parsed.get().sameHostAndPort(hostHeader);
        }
        return listed.contains(parsed.get());
    }
}
