package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
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

    /** Returns when allowed. @throws ProblemException 403 when publishing is off, 401 for a missing or bad token */
    static void check(Optional<String> token, HttpServletRequest request) throws ProblemException {
        if (token.isEmpty()) {
            throw new ProblemException(Problems.Type.PUBLISHING_DISABLED,
                    "no publish token is configured; set SERIESFLOW_PUBLISH_TOKEN to enable publishing");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ProblemException(Problems.Type.UNAUTHORIZED, "send Authorization: Bearer <publish token>");
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problems.Type.UNAUTHORIZED, "the bearer token is not valid");
        }
    }
}
