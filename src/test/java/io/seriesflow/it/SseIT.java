package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.SseTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /sse} read by a plain HTTP client over a real socket, against the WAR in embedded Tomcat. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SseIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static URI sse(EmbeddedTomcat tomcat, String query) {
        return tomcat.baseUri().resolve("sse?" + query);
    }

    @Test
    void tenPointsASecondGiveTwentyEventsWithIdsWithinFourSeconds() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "100",
                "seriesflow.generators", "none"), Map.of());
             SseTestClient client = SseTestClient.open(sse(tomcat, "streams=demo"), Map.of())) {
            assertEquals(200, client.response().statusCode());
            assertEquals("text/event-stream", client.response().headers().firstValue("content-type").orElse("")
                    .split(";")[0]);
            assertEquals("no-store", client.response().headers().firstValue("cache-control").orElse(""));
            Awaits.await("20 events with ids", Duration.ofSeconds(4),
                    () -> client.events().stream().filter(SseTestClient.Event::hadId).count() >= 20,
                    () -> client.events().size() + " events");
            List<SseTestClient.Event> events = client.events();
            assertEquals("hello", events.get(0).type());
            assertEquals("seriesflow.v1", events.get(0).data().getString("protocol"));
            assertEquals("subscribed", events.get(1).type());
            assertTrue(events.stream().filter(SseTestClient.Event::hadId).allMatch(e -> e.type().equals("points")),
                    "ids are on points events");
            List<Long> seqs = client.seqs("demo");
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "consecutive points: " + seqs);
            }
            JsonObject info = Http.getJson(HTTP, tomcat.baseUri().resolve("api/info"));
            assertEquals(1, info.getJsonObject("clients").getInt("connections"), "an engine connection: " + info);
        }
    }

    @Test
    void lastEventIdResumesEveryStreamWithNoDuplicateAndNoHole() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.generators", "sine:sine:70"), Map.of())) {
            Map<String, List<Long>> received = Map.of("demo", new ArrayList<>(), "sine", new ArrayList<>());
            String lastId = readUntil(tomcat, Map.of(), "", received, 10);
            long demoAtCut = received.get("demo").get(received.get("demo").size() - 1);
            Awaits.await("points published while disconnected", Duration.ofSeconds(10),
                    () -> lastSeq(tomcat, "demo") >= demoAtCut + 15);
            lastId = readUntil(tomcat, Map.of("Last-Event-ID", lastId), "", received, 40);
            // A new connection that cannot set headers (a new EventSource) names the position in the query.
            readUntil(tomcat, Map.of(), "&lastEventId=" + URLEncoder.encode(lastId, StandardCharsets.UTF_8),
                    received, 60);
            for (Map.Entry<String, List<Long>> stream : received.entrySet()) {
                List<Long> seqs = stream.getValue();
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) + 1, seqs.get(i), stream.getKey() + ": no duplicate, no hole, "
                            + "across three connections: " + seqs);
                }
            }
            assertTrue(received.get("demo").size() >= 60 && received.get("demo").get(0) <= demoAtCut - 9);
        }
    }

    /** Reads both streams until each holds at least {@code count} points; returns the last event id. */
    private static String readUntil(EmbeddedTomcat tomcat, Map<String, String> headers, String query,
                                    Map<String, List<Long>> received, int count) {
        int demoBefore = received.get("demo").size();
        int sineBefore = received.get("sine").size();
        try (SseTestClient client = SseTestClient.open(sse(tomcat, "streams=demo,sine" + query), headers)) {
            assertEquals(200, client.response().statusCode());
            Awaits.await(count + " points of each stream", Duration.ofSeconds(20),
                    () -> demoBefore + client.seqs("demo").size() >= count
                            && sineBefore + client.seqs("sine").size() >= count,
                    () -> client.events().toString());
            List<SseTestClient.Event> events = client.events();
            List<SseTestClient.Event> points = client.events("points");
            SseTestClient.Event last = points.get(points.size() - 1);
            int upTo = events.indexOf(last);
            for (SseTestClient.Event event : events.subList(0, upTo + 1)) {
                if (event.type().equals("points")) {
                    event.data().getJsonArray("points").forEach(p -> received.get(event.data().getString("stream"))
                            .add(p.asJsonArray().getJsonNumber(0).longValue()));
                }
                assertFalse(event.type().equals("reset") || event.type().equals("gap"), event.toString());
            }
            return last.lastEventId();
        }
    }

    private static long lastSeq(EmbeddedTomcat tomcat, String stream) {
        return Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/" + stream)).getJsonNumber("lastSeq")
                .longValue();
    }

    @Test
    void heartbeatsKeepAQuietStreamOpenPastTheIdleTimeout() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.tick-interval-ms", "60000",
                "seriesflow.generators", "none", "seriesflow.ping-interval-ms", "200",
                "seriesflow.idle-timeout-ms", "1000"), Map.of());
             SseTestClient client = SseTestClient.open(sse(tomcat, "streams=demo"), Map.of())) {
            Awaits.await("heartbeat comments for three idle timeouts", Duration.ofSeconds(10),
                    () -> client.comments() >= 15, () -> client.comments() + " comments");
            assertFalse(client.ended(), "a client that only listens is not idle while writes to it succeed");
        }
    }

    @Test
    void undeployEndsTheStreamWithACloseEventSayingGoingAway() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "none"), Map.of());
             SseTestClient client = SseTestClient.open(sse(tomcat, "streams=demo"), Map.of())) {
            Awaits.await("the subscription", Duration.ofSeconds(10), () -> !client.events("subscribed").isEmpty());
            tomcat.undeploy();
            Awaits.await("the end of the stream", Duration.ofSeconds(15), client::ended);
            List<SseTestClient.Event> closes = client.events("close");
            assertEquals(1, closes.size(), client.events().toString());
            assertEquals(1001, closes.get(0).data().getInt("code"));
        }
    }

    @Test
    void badRequestsAreProblemsBeforeTheStreamStarts() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "none",
                "seriesflow.allowed-origins", "https://allowed.example"), Map.of())) {
            assertProblem(tomcat, "streams=Bad%20Name", Map.of(), 400, "bad-request");
            assertProblem(tomcat, "", Map.of(), 400, "bad-request");
            assertProblem(tomcat, "streams=nope", Map.of(), 404, "unknown-stream");
            assertProblem(tomcat, "streams=demo", Map.of("Last-Event-ID", "demo:x"), 400, "bad-request");
            assertProblem(tomcat, "streams=demo", Map.of("Origin", "https://evil.example"), 403,
                    "origin-not-allowed");
            try (SseTestClient allowed = SseTestClient.open(sse(tomcat, "streams=demo"),
                    Map.of("Origin", "https://allowed.example"))) {
                assertEquals(200, allowed.response().statusCode());
                assertEquals("https://allowed.example", allowed.response().headers()
                        .firstValue("access-control-allow-origin").orElse(""), "CORS, which EventSource needs");
            }
        }
    }

    private static void assertProblem(EmbeddedTomcat tomcat, String query, Map<String, String> headers, int status,
                                      String type) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(sse(tomcat, query))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        var response = Http.send(HTTP, request.build());
        assertEquals(status, response.statusCode(), query + ": " + response.body());
        assertEquals("urn:seriesflow:problem:" + type, Http.json(response).getString("type"), response.body());
    }
}
