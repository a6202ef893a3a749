package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Compressed;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** InfluxDB's write endpoints over real HTTP on the WAR in embedded Tomcat, as InfluxDB clients call them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InfluxWriteIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "influx-token-7d2e";
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.publish-token", TOKEN,
                "seriesflow.generators", "none", "seriesflow.ingest-max-points", "50"), Map.of());
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static HttpResponse<String> write(String pathAndQuery, String authorization, byte[] body,
                                              boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tomcat.baseUri().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(gzip
                        ? Compressed.gzip(body) : body))
                .header("Content-Type", "text/plain; charset=utf-8");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return Http.send(HTTP, request.build());
    }

    private static JsonObject stream(String name) {
        return Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/" + name));
    }

    private static int status(String name) {
        return Http.get(HTTP, tomcat.baseUri().resolve("api/streams/" + name)).statusCode();
    }

    private static void assertInfluxError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse("").split(";")[0]);
        JsonObject error = Http.json(response);
        assertEquals(code, error.getString("code"), response.body());
        assertTrue(!error.getString("message").isBlank(), response.body());
    }

    @Test
    void aGzipTokenAuthorisedV2WriteCreatesOneStreamPerSeriesAndField() {
        long ns = System.currentTimeMillis() * 1_000_000L;
        String body = "cpu,cpu=cpu-total,host=h1 usage_idle=97.5,usage_system=1.2,usage_user=1.3 " + ns + "\n"
                + "mem,host=h1 available=1234i,used_percent=40.5 " + ns + "\n";
        HttpResponse<String> response = write("api/v2/write?org=acme&bucket=telegraf&precision=ns",
                "Token " + TOKEN, body.getBytes(StandardCharsets.UTF_8), true);

        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());
        Map<String, Double> expected = Map.of("cpu.cpu-total.h1.usage-idle", 97.5,
                "cpu.cpu-total.h1.usage-system", 1.2, "cpu.cpu-total.h1.usage-user", 1.3,
                "mem.h1.available", 1234.0, "mem.h1.used-percent", 40.5);
        for (Map.Entry<String, Double> stream : expected.entrySet()) {
            JsonArray points = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/" + stream.getKey()
                    + "/points")).getJsonArray("points");
            assertEquals(1, points.size(), stream.getKey());
            assertEquals(ns / 1_000_000L, points.getJsonArray(0).getJsonNumber(1).longValue());
            assertEquals(stream.getValue(), points.getJsonArray(0).getJsonNumber(2).doubleValue(), 1e-12);
        }

        Map<String, String> unauthorized = Map.of("problem", "unauthorized");
        double refusedBefore = OperationsChecks.scrape(HTTP, tomcat.baseUri())
                .sum("seriesflow_ingest_refusals_total", unauthorized);
        HttpResponse<String> wrong = write("api/v2/write?org=acme&bucket=telegraf&precision=ns", "Token nope",
                body.getBytes(StandardCharsets.UTF_8), true);
        assertInfluxError(wrong, 401, "unauthorized");
        assertEquals(1, stream("mem.h1.available").getJsonNumber("lastSeq").longValue(), "nothing applied");
        assertEquals(refusedBefore + 1, OperationsChecks.scrape(HTTP, tomcat.baseUri())
                .sum("seriesflow_ingest_refusals_total", unauthorized), "operators see the refused write");
    }

    @Test
    void theV1PathTakesBearerAndItsOwnPrecisions() {
        long s = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = write("write?db=telegraf&precision=s", "Bearer " + TOKEN,
                ("disk,host=h2,path=/ used_percent=12.5 " + s + "\n").getBytes(StandardCharsets.UTF_8), false);
        assertEquals(204, response.statusCode(), response.body());
        assertEquals(s * 1000, Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/disk.h2.-.used-percent"
                + "/points")).getJsonArray("points").getJsonArray(0).getJsonNumber(1).longValue());
        assertInfluxError(write("write?db=x", null, "m v=1".getBytes(StandardCharsets.UTF_8), false), 401,
                "unauthorized");
    }

    @Test
    void refusalsComeInInfluxDbsErrorShape() {
        HttpResponse<String> bad = write("api/v2/write?bucket=b", "Token " + TOKEN,
                "m v=1\nm v=oops\n".getBytes(StandardCharsets.UTF_8), false);
        assertInfluxError(bad, 400, "invalid");
        assertEquals(2, Http.json(bad).getInt("line"));
        assertEquals(404, status("m.v"), "a refused request creates no stream");
        assertInfluxError(write("api/v2/write?bucket=b&precision=fortnight", "Token " + TOKEN,
                "m v=1".getBytes(StandardCharsets.UTF_8), false), 400, "invalid");
        String sixtyFields = "m a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,j=10\n".repeat(6);
        assertInfluxError(write("api/v2/write?bucket=b", "Token " + TOKEN,
                sixtyFields.getBytes(StandardCharsets.UTF_8), false), 413, "request too large");
        HttpRequest deflated = HttpRequest.newBuilder(tomcat.baseUri().resolve("api/v2/write?bucket=b"))
                .POST(HttpRequest.BodyPublishers.ofString("m v=1")).header("Authorization", "Token " + TOKEN)
                .header("Content-Encoding", "br").build();
        assertInfluxError(Http.send(HTTP, deflated), 415, "unsupported media type");
        HttpRequest asAForm = HttpRequest.newBuilder(tomcat.baseUri().resolve("write?db=x&precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString("form,host=f v=2 " + System.currentTimeMillis()))
                .header("Authorization", "Token " + TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded").build();
        assertEquals(204, Http.send(HTTP, asAForm).statusCode(), "curl's default Content-Type: still line protocol");
        assertEquals(1, stream("form.f.v").getJsonNumber("lastSeq").longValue());
    }

    @Test
    void aStreamThatRefusesIsNotCreatedAndTheOthersAreWrittenAsAPartialWrite() {
        long now = System.currentTimeMillis();
        long farFuture = (now + 3_600_000) * 1_000_000L;
        String body = "part,host=a ok=1 " + now * 1_000_000L + "\n" + "part,host=b late=2 " + farFuture + "\n";
        HttpResponse<String> response = write("api/v2/write?bucket=b", "Token " + TOKEN,
                body.getBytes(StandardCharsets.UTF_8), false);
        assertInfluxError(response, 422, "unprocessable entity");
        String message = Http.json(response).getString("message");
        assertTrue(message.startsWith("partial write: 1 of 2 streams written (part.a.ok); stream 'part.b.late'"),
                message);
        assertEquals(1, stream("part.a.ok").getJsonNumber("lastSeq").longValue());
        assertEquals(404, status("part.b.late"));
    }
}
