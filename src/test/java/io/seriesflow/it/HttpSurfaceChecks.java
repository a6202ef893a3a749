package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Http;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** The HTTP surface as any deployment must show it: problem bodies under /api/, minimal error pages elsewhere. */
final class HttpSurfaceChecks {
    private HttpSurfaceChecks() {
    }

    /** The container's own 404 and 405 under /api/ are problem bodies, with the security headers. */
    static void apiAnswersAreProblems(HttpClient http, URI base) {
        assertProblem(send(http, base.resolve("api/nope"), "GET"), 404, "not-found");
        assertProblem(send(http, base.resolve("api/info"), "PUT"), 405, "method-not-allowed");
        assertProblem(send(http, base.resolve("api/info"), "POST"), 405, "method-not-allowed");
        assertProblem(send(http, base.resolve("api/streams"), "DELETE"), 405, "method-not-allowed");
        HttpResponse<String> info = send(http, base.resolve("api/info"), "GET");
        assertEquals("application/json", info.headers().firstValue("content-type").orElse("").split(";")[0]);
        assertEquals("nosniff", info.headers().firstValue("x-content-type-options").orElse(""));
    }

    /** Outside /api/ an error is a plain page: no stack trace, no server name or version. */
    static void errorPagesAreMinimal(HttpClient http, URI base) {
        for (String path : new String[] {"nope.html", "js/nope.js", "error"}) {
            HttpResponse<String> page = send(http, base.resolve(path), "GET");
            assertEquals(404, page.statusCode(), path);
            assertEquals("text/html", page.headers().firstValue("content-type").orElse("").split(";")[0], path);
            assertRevealsNothing(page);
            assertTrue(page.body().contains("<h1>404 Not Found</h1>"), page.body());
        }
        // Tomcat's default servlet answers 405, Payara's 403: either way a minimal page.
        HttpResponse<String> delete = send(http, base.resolve("index.html"), "DELETE");
        assertTrue(delete.statusCode() == 405 || delete.statusCode() == 403, delete.statusCode() + delete.body());
        assertEquals("text/html", delete.headers().firstValue("content-type").orElse("").split(";")[0]);
        assertRevealsNothing(delete);
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse("")
                .split(";")[0], response.body());
        JsonObject problem = Http.json(response);
        assertEquals("urn:seriesflow:problem:" + type, problem.getString("type"));
        assertEquals(status, problem.getInt("status"));
        assertRevealsNothing(response);
    }

    static void assertRevealsNothing(HttpResponse<String> response) {
        String body = response.body().toLowerCase(Locale.ROOT);
        for (String secret : new String[] {"tomcat", "payara", "glassfish", "exception", "\tat ", "java."}) {
            assertFalse(body.contains(secret), "'" + secret + "' in " + response.body());
        }
        assertFalse(response.headers().firstValue("server").orElse("").matches(".*\\d.*"),
                "no version in Server: " + response.headers().firstValue("server"));
    }

    static HttpResponse<String> send(HttpClient http, URI uri, String method) {
        return Http.send(http, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }
}
