package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Compressed;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.TricklingPost;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ingest and read APIs over real HTTP on embedded Tomcat. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngestIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "test-token-4f1c";
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("", Map.of(
                "seriesflow.publish-token", TOKEN, "seriesflow.ingest-max-points", "500",
                "seriesflow.ingest-max-bytes", "65536", "seriesflow.ingest-body-timeout-ms", "1500",
                "seriesflow.generators", "none"), Map.of());
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static URI points(String stream) {
        return tomcat.baseUri().resolve("api/streams/" + stream + "/points");
    }

    private static HttpResponse<String> post(String stream, String type, String body) {
        return Http.post(HTTP, points(stream), type, TOKEN, body);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detailStart) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse("")
                .split(";")[0]);
        JsonObject problem = Http.json(response);
        assertEquals("urn:seriesflow:problem:" + type, problem.getString("type"));
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("detail").startsWith(detailStart), problem.getString("detail"));
    }

    @Test
    void everyFormatIsAcceptedAndReadBackInOrder() {
        long t = System.currentTimeMillis();
        JsonObject json = Http.json(post("formats", "application/json",
                "[{\"ts\":" + t + ",\"value\":1},{\"ts\":" + (t + 1) + ",\"value\":2}]"));
        JsonObject ndjson = Http.json(post("formats", "application/x-ndjson",
                "{\"ts\":" + (t + 2) + ",\"value\":3}\n{\"ts\":" + (t + 3) + ",\"value\":4}\n"));
        JsonObject csv = Http.json(post("formats", "text/csv", "ts,value\n" + (t + 4) + ",5\n" + (t + 5) + ",6\n"));
        HttpResponse<String> influx = Http.post(HTTP, URI.create(points("formats") + "?precision=ms"), "text/plain",
                TOKEN, "m,host=a value=7 " + (t + 6) + "\nm usage=8i " + (t + 7) + "\n");

        assertEquals(200, influx.statusCode(), influx.body());
        assertEquals(List.of(1L, 3L, 5L, 7L), List.of(json.getJsonNumber("firstSeq").longValue(),
                ndjson.getJsonNumber("firstSeq").longValue(), csv.getJsonNumber("firstSeq").longValue(),
                Http.json(influx).getJsonNumber("firstSeq").longValue()));
        JsonArray read = Http.getJson(HTTP, URI.create(points("formats") + "?since=0&limit=100"))
                .getJsonArray("points");
        assertEquals(8, read.size());
        for (int i = 0; i < 8; i++) {
            JsonArray point = read.getJsonArray(i);
            assertEquals(i + 1, point.getJsonNumber(0).longValue());
            assertEquals(t + i, point.getJsonNumber(1).longValue());
            assertEquals(i + 1, point.getJsonNumber(2).doubleValue());
        }
        assertEquals(3, Http.getJson(HTTP, URI.create(points("formats") + "?since=5")).getJsonArray("points").size());

        JsonObject stream = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/formats"));
        assertEquals(8, stream.getJsonNumber("lastSeq").longValue());
        assertTrue(Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams")).getJsonArray("streams").stream()
                .anyMatch(s -> s.asJsonObject().getString("name").equals("formats")));
    }

    @Test
    void aSourceFedStreamRefusesPublishesAndARefusedPublishCreatesNoStream() {
        assertProblem(post("demo", "text/csv", "1\n"), 409, "source-stream", "stream 'demo' is fed by a source");
        long future = System.currentTimeMillis() + 3_600_000;
        assertProblem(post("never-created", "text/csv", "ts,value\n" + future + ",1\n"), 422, "timestamp-order",
                "point 0");
        assertEquals(404, Http.get(HTTP, tomcat.baseUri().resolve("api/streams/never-created")).statusCode(),
                "the refused publish left no stream behind");
    }

    @Test
    void publishingNeedsTheBearerToken() {
        assertProblem(Http.post(HTTP, points("auth"), "text/csv", null, "1\n"), 401, "unauthorized",
                "send Authorization");
        assertProblem(Http.post(HTTP, points("auth"), "text/csv", "wrong", "1\n"), 401, "unauthorized",
                "the bearer token is not valid");
    }

    @Test
    void badRequestsGetTheirDocumentedProblem() {
        assertProblem(post("bad", "application/xml", "<x/>"), 415, "unsupported-media-type", "Content-Type");
        assertProblem(post("bad", "text/csv", "1\n2\nabc\n"), 400, "invalid-body", "line 3: value 'abc'");
        assertProblem(post("Bad!", "text/csv", "1\n"), 400, "bad-request", "invalid stream name");
        assertProblem(post("bad", "text/csv", "1\n".repeat(501)), 413, "too-large", "a request may carry at most 500");
        assertProblem(post("bad", "text/csv", "1".repeat(70_000)), 413, "too-large", "the body has");
        long t = System.currentTimeMillis();
        assertEquals(200, post("order", "text/csv", t + ",1\n").statusCode());
        assertProblem(post("order", "text/csv", (t + 1) + ",2\n" + (t - 10) + ",3\n"), 422, "timestamp-order",
                "point 1: ts");
        assertEquals(1, Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/order")).getInt("lastSeq"),
                "the rejected request left nothing behind");
        assertProblem(Http.get(HTTP, tomcat.baseUri().resolve("api/streams/nope")), 404, "unknown-stream", "no stream");
        assertProblem(Http.get(HTTP, URI.create(points("order") + "?limit=0")), 400, "bad-request", "limit");
    }

    @Test
    void hundredsOfMalformedBodiesGet4xxAndChangeNothing() {
        final long t = System.currentTimeMillis();
        assertEquals(200, post("fuzz", "application/json", "[{\"ts\":" + t + ",\"value\":1}]").statusCode());
        String valid = "[{\"ts\":" + (t + 1) + ",\"value\":2},{\"ts\":" + (t + 2) + ",\"value\":3}]\n";
        String[] types = {"application/json", "application/x-ndjson", "text/csv", "text/plain"};
        SplittableRandom random = new SplittableRandom(42);
        int refused = 0;
        long accepted = 1;
        for (int i = 0; i < 400; i++) {
            StringBuilder body = new StringBuilder(valid);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(body.length());
                body.setCharAt(at, "{}[],:\"x-.e9 \n".charAt(random.nextInt(14)));
            }
            HttpResponse<String> response = post("fuzz", types[random.nextInt(types.length)], body.toString());
            assertTrue(response.statusCode() < 500, "never a 5xx: " + body + " -> " + response.body());
            if (response.statusCode() >= 400) {
                refused++;
            } else {
                accepted += Http.json(response).getJsonNumber("count").longValue();
            }
        }
        assertTrue(refused > 300, "most mutations are refused: " + refused);
        JsonArray all = Http.getJson(HTTP, URI.create(points("fuzz") + "?limit=10000")).getJsonArray("points");
        assertEquals(accepted, all.size(), "exactly the accepted points were applied, no part of a refused body");
    }

    private static HttpResponse<String> postEncoded(String stream, String encoding, byte[] body) {
        return Http.send(HTTP, HttpRequest.newBuilder(points(stream)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Encoding", encoding).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void compressedBodiesAreDecodedAndEveryLimitAppliesAfterDecoding() throws IOException {
        byte[] csv = "ts,value\n1000,1\n2000,2\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, Http.json(postEncoded("zipped", "gzip", Compressed.gzip(csv))).getInt("count"));
        assertEquals(2, Http.json(postEncoded("zipped", "deflate", Compressed.deflate(
                "3000,3\n4000,4\n".getBytes(StandardCharsets.UTF_8)))).getInt("count"));
        assertEquals(1, Http.json(postEncoded("zipped", "identity", "5000,5".getBytes(StandardCharsets.UTF_8)))
                .getInt("count"));
        assertEquals(5, Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/zipped")).getInt("lastSeq"));

        long started = System.nanoTime();
        HttpResponse<String> bomb = postEncoded("zipped", "gzip", Compressed.gzip(new byte[64 * 1024 * 1024]));
        assertProblem(bomb, 413, "too-large", "the decoded body exceeds the limit of 65536 bytes");
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused without inflating 64 MiB");
        assertProblem(postEncoded("zipped", "gzip", "1\n2\n".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid-body", "the body is not valid gzip data");
        HttpResponse<String> brotli = postEncoded("zipped", "br", csv);
        assertProblem(brotli, 415, "unsupported-encoding", "Content-Encoding 'br' is not one of");
        assertEquals("gzip, deflate, identity", brotli.headers().firstValue("accept-encoding").orElse(""));
        assertEquals(5, Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/zipped")).getInt("lastSeq"),
                "nothing of a refused body was published");
    }

    @Test
    void pathParametersAreRefusedNotPublishedToTheStreamBeforeThem() {
        for (String path : List.of("api/streams/pp;y/points", "api/streams/pp%3By/points", "api/streams/pp%3by/points",
                "api/streams/pp/points;x")) {
            assertProblem(Http.post(HTTP, tomcat.baseUri().resolve(path), "text/csv", TOKEN, "1\n"), 400,
                    "bad-request", "path parameters");
        }
        assertProblem(Http.get(HTTP, tomcat.baseUri().resolve("api/streams/pp")), 404, "unknown-stream", "no stream");
        assertProblem(Http.get(HTTP, tomcat.baseUri().resolve("api/streams;x")), 400, "bad-request", "path param");
    }

    @Test
    void aPostRefusedBeforeItsBodyIsAnsweredAtOnceAndItsConnectionClosedUnread() {
        Map<String, Map<String, String>> refusals = Map.of(
                "401", Map.of("Content-Type", "text/csv"),
                "415", Map.of("Content-Type", "application/xml", "Authorization", "Bearer " + TOKEN),
                "413", Map.of("Content-Type", "text/csv", "Authorization", "Bearer " + TOKEN),
                "415 ", Map.of("Content-Type", "text/csv", "Authorization", "Bearer " + TOKEN,
                        "Content-Encoding", "br"));
        refusals.forEach((status, headers) -> {
            try (TricklingPost post = TricklingPost.open(tomcat.port(), "/api/streams/unread/points", headers,
                    1_000_000, "1\n", Duration.ofMillis(100))) {
                Awaits.await("the server to answer " + status + " and close while the body still trickles in",
                        Duration.ofSeconds(3), post::pump, post::received);
                assertEquals(Integer.parseInt(status.trim()), post.status().orElse(-1), post.received());
                assertTrue(post.received().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"),
                        post.received());
            }
        });
    }

    @Test
    void aBodyThatDoesNotArriveWithinTheDeadlineGets408AndNothingIsPublished() {
        long started = System.nanoTime();
        try (TricklingPost post = TricklingPost.open(tomcat.port(), "/api/streams/late/points",
                Map.of("Content-Type", "text/csv", "Authorization", "Bearer " + TOKEN), 1_000, "1\n2\n",
                Duration.ofMillis(200))) {
            Awaits.await("408 and the connection closed", Duration.ofSeconds(6), post::pump, post::received);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(408, post.status().orElse(-1), post.received());
            assertTrue(post.received().contains("urn:seriesflow:problem:request-timeout"), post.received());
            assertTrue(elapsedMillis >= 1_400 && elapsedMillis < 4_000, "after the 1.5 s deadline: " + elapsedMillis);
            assertTrue(post.sent() > 5, "the body was still arriving: " + post.sent() + " bytes");
        }
        assertProblem(Http.get(HTTP, tomcat.baseUri().resolve("api/streams/late")), 404, "unknown-stream", "no");
    }
}
