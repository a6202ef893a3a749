package io.seriesflow.web;

import io.seriesflow.config.AddressRanges;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read an operator's endpoint ({@code /metrics}, {@code /ops/}): clients whose address is in the
 * allow-list (empty: any) and, where a token is configured, that send it as {@code Authorization: Bearer}. An
 * endpoint that needs a token refuses everyone while none is configured. Tokens are compared in constant time.
 * Immutable.
 *
 * @param what the endpoint, for the refusal's detail
 * @param token the bearer token, or empty
 * @param tokenRequired whether the endpoint is off (403) while no token is configured
 * @param allowed the client addresses allowed
 * @param settingPrefix the settings' common prefix, named in refusals ({@code seriesflow.ops})
 */
record AccessRule(String what, Optional<String> token, boolean tokenRequired, AddressRanges allowed,
                  String settingPrefix) {
    private static final String PREFIX = "Bearer ";

    /** Returns when the request may go on. @throws ProblemException 403 or 401 */
    void check(HttpServletRequest request) throws ProblemException {
        checkAddress(request);
        if (token.isPresent() && !bearerMatches(request.getHeader("Authorization"), token.get())) {
            throw new ProblemException(Problems.Type.UNAUTHORIZED, what + " needs Authorization: Bearer <"
                    + settingPrefix + "-token>");
        }
    }

    /** Only whether the endpoint is on and the address: for static files a browser loads without a header. */
    void checkAddress(HttpServletRequest request) throws ProblemException {
        if (tokenRequired && token.isEmpty()) {
            throw new ProblemException(Problems.Type.OPERATIONS_DISABLED, what + " is disabled: set "
                    + settingPrefix + "-token to enable it");
        }
        if (!allowed.allows(request.getRemoteAddr())) {
            throw new ProblemException(Problems.Type.ADDRESS_NOT_ALLOWED, what + " is not open to "
                    + request.getRemoteAddr() + " (" + settingPrefix + "-allowed-addresses)");
        }
    }

    private static boolean bearerMatches(String header, String expected) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
    }
}
