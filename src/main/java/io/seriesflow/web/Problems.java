package io.seriesflow.web;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes RFC 9457 problem bodies ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, and where it applies {@code location} (the point or line at fault). Every
 * type is listed in {@code docs/protocol.md}. Stateless.
 */
final class Problems {
    private Problems() {
    }

    /** A documented problem type: its URN suffix, HTTP status and title. */
    enum Type {
        BAD_REQUEST("bad-request", 400, "Bad request"),
        INVALID_BODY("invalid-body", 400, "The body cannot be accepted"),
        UNAUTHORIZED("unauthorized", 401, "A valid bearer token is required"),
        PUBLISHING_DISABLED("publishing-disabled", 403, "Publishing is disabled"),
        ORIGIN_NOT_ALLOWED("origin-not-allowed", 403, "Origin not allowed"),
        ADDRESS_NOT_ALLOWED("address-not-allowed", 403, "Client address not allowed"),
        OPERATIONS_DISABLED("operations-disabled", 403, "The operations page is disabled"),
        NOT_FOUND("not-found", 404, "No such resource"),
        UNKNOWN_STREAM("unknown-stream", 404, "No such stream"),
        METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
        REQUEST_TIMEOUT("request-timeout", 408, "The body did not arrive in time"),
        STREAM_LIMIT("stream-limit", 409, "Stream limit reached"),
        SOURCE_STREAM("source-stream", 409, "The stream is fed by the server"),
        TOO_LARGE("too-large", 413, "Request too large"),
        UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
        UNSUPPORTED_ENCODING("unsupported-encoding", 415, "Unsupported content encoding"),
        TIMESTAMP_ORDER("timestamp-order", 422, "Timestamps go back"),
        INTERNAL_ERROR("internal-error", 500, "Internal error"),
        UNAVAILABLE("unavailable", 503, "Service unavailable");

        private final String slug;
        private final int status;
        private final String title;

        Type(String slug, int status, String title) {
            this.slug = slug;
            this.status = status;
            this.title = title;
        }

        String uri() {
            return "urn:seriesflow:problem:" + slug;
        }

        int status() {
            return status;
        }
    }

    static void send(HttpServletResponse response, Problem problem) throws IOException {
        send(response, problem.type(), problem.detail(), problem.location());
    }

    static void send(HttpServletResponse response, Type type, String detail) throws IOException {
        send(response, type, detail, null);
    }

    static void send(HttpServletResponse response, Type type, String detail, String location) throws IOException {
        JsonObjectBuilder body = Json.createObjectBuilder().add("type", type.uri()).add("title", type.title)
                .add("status", type.status).add("detail", detail);
        if (location != null) {
            body.add("location", location);
        }
        response.setStatus(type.status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (type == Type.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"seriesflow\"");
        }
        if (type == Type.UNSUPPORTED_ENCODING) {
            response.setHeader("Accept-Encoding", "gzip, deflate, identity");
        }
        try (Writer writer = response.getWriter()) {
            writer.write(body.build().toString());
        }
    }
}
