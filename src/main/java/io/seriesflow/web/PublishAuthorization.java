package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Publishing needs {@code Authorization: Bearer <token>} matching the configured token (on the InfluxDB write
 * paths also {@code Token <token>}, InfluxDB's own scheme); with no token configured publishing is refused
 * (secure by default). Compared in constant time. Stateless.
 */
final class PublishAuthorization {
    private static final String PREFIX = "Bearer ";
    private static final String INFLUX_PREFIX = "Token ";

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
        compare(token.get(), header.substring(PREFIX.length()), "the bearer token is not valid");
    }

    /** As {@link #check}, with {@code Authorization: Token <token>} (InfluxDB's clients, Telegraf) or Bearer. */
    static void checkInflux(Optional<String> token, HttpServletRequest request) throws ProblemException {
        if (token.isEmpty()) {
            throw new ProblemException(Problems.Type.PUBLISHING_DISABLED,
                    "no publish token is configured; set SERIESFLOW_PUBLISH_TOKEN to enable publishing");
        }
        String header = request.getHeader("Authorization");
        for (String prefix : new String[] {INFLUX_PREFIX, PREFIX}) {
            if (header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                compare(token.get(), header.substring(prefix.length()), "the token is not valid");
                return;
            }
        }
        throw new ProblemException(Problems.Type.UNAUTHORIZED, "send Authorization: Token <publish token>");
    }

    private static void compare(String token, String given, String refusal) throws ProblemException {
        if (!MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problems.Type.UNAUTHORIZED, refusal);
        }
    }
}
