package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Publishing needs {@code Authorization: Bearer <token>} matching the configured token; with no token
 * configured publishing is refused (secure by default). Compared in constant time. Stateless.
 */
final class PublishAuthorization {
    private static final String PREFIX = "Bearer ";

    private PublishAuthorization() {
    }

    /** True when allowed; otherwise the 401 or 403 problem has been sent. */
    static boolean check(Optional<String> token, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (token.isEmpty()) {
            Problems.send(response, Problems.Type.PUBLISHING_DISABLED,
                    "no publish token is configured; set SERIESFLOW_PUBLISH_TOKEN to enable publishing");
            return false;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            Problems.send(response, Problems.Type.UNAUTHORIZED, "send Authorization: Bearer <publish token>");
            return false;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8))) {
            Problems.send(response, Problems.Type.UNAUTHORIZED, "the bearer token is not valid");
            return false;
        }
        return true;
    }
}
