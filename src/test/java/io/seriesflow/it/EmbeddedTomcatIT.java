package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.StalledClient;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exploded WAR in embedded Tomcat on port 0, driven by real WebSocket clients over real sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedTomcatIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoClientsReceiveTheSameSequenceAtTheConfiguredRate() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.tick-interval-ms", "50"), Map.of())) {
            StreamAssertions.twoClientsReceiveIdenticalSequencesAtTheRate(HTTP, tomcat.wsUri(),
                    Duration.ofMillis(50), 60);
            JsonObject info = Http.getJson(HTTP, tomcat.baseUri().resolve("api/info"));
            assertFalse(info.getJsonObject("scheduler").getBoolean("managed"), info.toString());
            assertEquals("application", info.getJsonObject("dataset").getString("loadedBy"));
        }
    }

    @Test
    void thePageAndEveryScriptItReferencesAreServed() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of(), Map.of())) {
            HttpResponse<String> page = Http.get(HTTP, tomcat.baseUri());
            assertEquals(200, page.statusCode());
            List<String> references = new ArrayList<>();
            Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page.body());
            while (matcher.find()) {
                references.add(matcher.group(1));
            }
            String timechart = "vendor/timechart/" + System.getProperty("seriesflow.timechart.version")
                    + "/dist/timechart.min.js";
            String d3 = "vendor/d3/" + System.getProperty("seriesflow.d3.version") + "/dist/d3.min.js";
            assertTrue(references.contains(timechart), references.toString());
            assertTrue(references.contains(d3), references.toString());
            assertEquals("no-cache", page.headers().firstValue("cache-control").orElse(""), "the page revalidates");
            assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
            for (String reference : references) {
                assertFalse(reference.startsWith("http"), "no CDN or absolute URL: " + reference);
                URI uri = tomcat.baseUri().resolve(reference);
                HttpResponse<String> served = Http.get(HTTP, uri);
                assertEquals(200, served.statusCode(), "GET " + uri);
                boolean versioned = reference.startsWith("vendor/");
                String caching = versioned ? "public, max-age=31536000, immutable"
                        : reference.startsWith("api/") ? "no-store" : "no-cache";
                assertEquals(caching, served.headers().firstValue("cache-control").orElse(""), reference);
            }
            // Every ES module the page loads, found by following the imports from the entry module.
            java.util.Deque<String> toVisit = new java.util.ArrayDeque<>(List.of("js/app.js"));
            java.util.Set<String> visited = new java.util.HashSet<>();
            while (!toVisit.isEmpty()) {
                String module = toVisit.pop();
                if (!visited.add(module)) {
                    continue;
                }
                HttpResponse<String> script = Http.get(HTTP, tomcat.baseUri().resolve(module));
                assertEquals(200, script.statusCode(), module);
                assertEquals("no-cache", script.headers().firstValue("cache-control").orElse(""), module);
                assertTrue(script.headers().firstValue("content-type").orElse("").contains("javascript"), module);
                Matcher imports = Pattern.compile("from '\\./([\\w-]+\\.js)'").matcher(script.body());
                while (imports.find()) {
                    toVisit.push("js/" + imports.group(1));
                }
            }
            assertTrue(visited.size() >= 8, "the page's modules: " + visited);
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotSlowTheOthers() throws IOException {
        Duration interval = Duration.ofMillis(4);
        Map<String, String> params = Map.of("seriesflow.tick-interval-ms", "4",
                "seriesflow.client-queue-points", "64", "seriesflow.client-max-lag-ms", "3000");
        // Small kernel send buffers make the stalled client's connection back up within a second.
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", params, Map.of("socket.txBufSize", "4096"));
             StalledClient stalled = StalledClient.connect("127.0.0.1", tomcat.port(), "/ws");
             WsTestClient fastA = WsTestClient.connect(HTTP, tomcat.wsUri());
             WsTestClient fastB = WsTestClient.connect(HTTP, tomcat.wsUri())) {
            Awaits.await("the fast clients to receive frames", Duration.ofSeconds(10),
                    () -> fastA.count() > 10 && fastB.count() > 10);
            int startA = fastA.count();
            int startB = fastB.count();
            long start = System.nanoTime();
            Awaits.await("10 s of streaming", Duration.ofSeconds(15),
                    () -> System.nanoTime() - start >= Duration.ofSeconds(10).toNanos());
            double seconds = (System.nanoTime() - start) / 1e9;
            double expected = seconds * 1000.0 / interval.toMillis();
            double rateA = (fastA.count() - startA) / expected;
            double rateB = (fastB.count() - startB) / expected;
            assertTrue(rateA >= 0.95 && rateB >= 0.95,
                    "fast clients kept " + rateA * 100 + "% and " + rateB * 100 + "% of the rate");

            JsonObject demo = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/demo"));
            assertEquals(2, demo.getInt("subscribers"),
                    "the stalled client was disconnected once its send lagged: " + demo);
            int closeCode = stalled.drain().closeCode();
            assertTrue(closeCode == 4008 || closeCode == -1,
                    "the server ended the stalled connection (4008, or cut off mid-frame): " + closeCode);
        }
    }

    @Test
    void undeployClosesClientsWithGoingAwayAndLeavesNoThreadBehind() {
        EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.tick-interval-ms", "20"), Map.of());
        try (WsTestClient client = WsTestClient.connect(HTTP, tomcat.wsUri())) {
            Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 3);
            assertFalse(applicationThreads().isEmpty(), "the application's own scheduler runs on Tomcat");

            tomcat.undeploy();

            WsTestClient.Closed closed = client.closed().orTimeout(10, TimeUnit.SECONDS).join();
            assertEquals(1001, closed.code(), closed.toString());
            Awaits.await("no seriesflow thread left", Duration.ofSeconds(10), () -> applicationThreads().isEmpty(),
                    () -> applicationThreads().toString());
        } finally {
            tomcat.close();
        }
    }

    @Test
    void aBadDatasetFailsTheDeploymentNamingTheFileAndPosition() throws IOException {
        Path bad = Files.createDirectories(Path.of("target", "it-work")).resolve("bad-dataset.json");
        Files.writeString(bad, "[{\"value\": 1},\n {\"value\": \"two\"}]");
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.dataset", bad.toString()),
                Map.of())) {
            assertFalse(tomcat.applicationIsAvailable(), "the application must not start on a bad dataset");
            assertTrue(applicationThreads().isEmpty(), "nothing was left running: " + applicationThreads());
        }
    }

    private static List<String> applicationThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("seriesflow-")).toList();
    }

    @Test
    void publishingIsRefusedWhenNoTokenIsConfigured() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "none"), Map.of())) {
            HttpResponse<String> response = Http.post(HTTP, tomcat.baseUri().resolve("api/streams/x/points"),
                    "text/csv", "any", "1\n");
            assertEquals(403, response.statusCode());
            assertEquals("urn:seriesflow:problem:publishing-disabled", Http.json(response).getString("type"));
            assertFalse(Http.getJson(HTTP, tomcat.baseUri().resolve("api/info")).getBoolean("publishing"));
        }
    }

    @Test
    void theStreamLimitHolds() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "none",
                "seriesflow.max-streams", "3", "seriesflow.publish-token", "t"), Map.of())) {
            for (String name : List.of("a", "b")) {
                assertEquals(200, Http.post(HTTP, tomcat.baseUri().resolve("api/streams/" + name + "/points"),
                        "text/csv", "t", "1\n").statusCode());
            }
            HttpResponse<String> refused = Http.post(HTTP, tomcat.baseUri().resolve("api/streams/c/points"),
                    "text/csv", "t", "1\n");
            assertEquals(409, refused.statusCode(), refused.body());
            assertEquals("urn:seriesflow:problem:stream-limit", Http.json(refused).getString("type"));
            assertEquals(3, Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams")).getJsonArray("streams").size());
        }
    }

    @Test
    void quietClientsArePingedAndSilentOnesTimeOutWith4001() throws IOException {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "sine:sine:20",
                "seriesflow.ping-interval-ms", "200", "seriesflow.idle-timeout-ms", "1500"), Map.of());
             StalledClient silent = StalledClient.connect("127.0.0.1", tomcat.port(), "/ws", "seriesflow.v1");
             WsTestClient answering = WsTestClient.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            // Data flows to the answering client all along: it must still be pinged, or it would time out.
            answering.send("{\"type\":\"subscribe\",\"stream\":\"sine\"}");
            StalledClient.Drained drained = silent.drain();
            assertEquals(4001, drained.closeCode(), "a client that answers no ping is closed as idle");
            long start = System.nanoTime();
            Awaits.await("three more idle timeouts to pass", Duration.ofSeconds(10),
                    () -> System.nanoTime() - start > Duration.ofMillis(4_500).toNanos());
            assertFalse(answering.closed().isDone(), "a busy client that answers pings (the JDK's does) stays open");
            assertTrue(answering.count() > 100, "and kept receiving: " + answering.count());
            JsonObject clients = Http.getJson(HTTP, tomcat.baseUri().resolve("api/info")).getJsonObject("clients");
            assertEquals(1, clients.getJsonObject("closed").getInt("idle-timeout"));
        }
    }
}
