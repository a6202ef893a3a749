package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One language on the HTTP surface: problem bodies under /api/, minimal error pages, headers on everything. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSurfaceIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.generators", "none"), Map.of());
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @Test
    void theContainersOwnAnswersUnderApiAreProblems() {
        HttpSurfaceChecks.apiAnswersAreProblems(HTTP, tomcat.baseUri());
        HttpSurfaceChecks.assertProblem(HttpSurfaceChecks.send(HTTP, tomcat.baseUri().resolve("api/info"), "TRACE"),
                405, "method-not-allowed");
    }

    @Test
    void errorPagesOutsideTheApiAreMinimal() {
        HttpSurfaceChecks.errorPagesAreMinimal(HTTP, tomcat.baseUri());
    }

    @Test
    void aStatusWithoutATypeOfItsOwnIsAnAboutBlankProblem() throws IOException {
        String unknownMethod = raw("FOO /seriesflow/api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(unknownMethod.startsWith("HTTP/1.1 501"), unknownMethod);
        assertTrue(unknownMethod.contains("application/problem+json"), unknownMethod);
        assertTrue(unknownMethod.endsWith("{\"type\":\"about:blank\",\"title\":\"Not Implemented\",\"status\":501}"),
                unknownMethod);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : new String[] {"", "js/app.js", "css/app.css", "api/info", "api/nope", "nope.html"}) {
            HttpResponse<String> response = Http.get(HTTP, tomcat.baseUri().resolve(path));
            assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(""), path);
            assertEquals("no-referrer", response.headers().firstValue("referrer-policy").orElse(""), path);
            assertTrue(response.headers().firstValue("content-security-policy").orElse("")
                    .contains("frame-ancestors 'none'"), path);
        }
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tomcat.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
