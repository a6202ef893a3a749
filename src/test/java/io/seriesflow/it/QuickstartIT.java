package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Command;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.TelegrafOutput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quickstarts in {@code quickstart/}, run as a reader would run them against the WAR: Python (standard
 * library only), Node, curl, and the two Telegraf configurations (Telegraf's requests reproduced from its
 * documentation, since Telegraf cannot be installed here).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuickstartIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "quickstart-token-31c9";
    private static final Duration RUN = Duration.ofSeconds(30);
    private static EmbeddedTomcat tomcat;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.publish-token", TOKEN,
                "seriesflow.generators", "none"), Map.of());
        environment = Map.of("SERIESFLOW_URL", tomcat.baseUri().toString(), "SERIESFLOW_PUBLISH_TOKEN", TOKEN);
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static JsonArray points(String stream) {
        return Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/" + stream + "/points"))
                .getJsonArray("points");
    }

    private static String run(String... command) {
        return Command.run(RUN, List.of(command), environment, Path.of("quickstart")).requireSuccess();
    }

    @Test
    void pythonWithTheStandardLibraryOnly() {
        String answer = run("python3", "-I", "publish.py", "from-python", "12");
        assertTrue(answer.contains("\"stream\":\"from-python\"") && answer.contains("\"count\":12"), answer);
        assertEquals(12, points("from-python").size());
        String refused = Command.run(RUN, List.of("python3", "-I", "publish.py", "demo", "1"), environment,
                Path.of("quickstart")).output();
        assertTrue(refused.contains("409"), "a refusal is shown with its problem: " + refused);
    }

    @Test
    void node() {
        String answer = run("node", "publish.mjs", "from-node", "7");
        assertTrue(answer.contains("\"stream\":\"from-node\"") && answer.contains("\"lastSeq\":7"), answer);
        assertEquals(20.6, points("from-node").getJsonArray(6).getJsonNumber(2).doubleValue(), 1e-9);
    }

    @Test
    void curlWithCsvAndWithGzipLineProtocol() {
        String answer = run("bash", "publish.sh", "from-curl");
        assertTrue(answer.contains("\"count\":3") && answer.strip().endsWith("204"), answer);
        assertEquals(3, points("from-curl").size());
        assertEquals(21.5, points("room.lab.temperature").getJsonArray(0).getJsonNumber(2).doubleValue());
        assertEquals(40.0, points("room.lab.humidity").getJsonArray(0).getJsonNumber(2).doubleValue());
    }

    @Test
    void telegrafsInfluxDbV2OutputLandsAsOneStreamPerSeriesAndField() {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        TelegrafOutput telegraf = TelegrafOutput.read(Path.of("quickstart", "telegraf.conf"),
                Map.of("SERIESFLOW_URL", tomcat.baseUri().toString().replaceAll("/$", ""),
                        "SERIESFLOW_PUBLISH_TOKEN", TOKEN));
        HttpResponse<String> response = Http.send(HTTP, telegraf.influxDbV2(TelegrafOutput.defaultBatch("web-1",
                nanos)));
        assertEquals(204, response.statusCode(), response.body());
        assertTelegrafStreams("web-1", nanos);
    }

    @Test
    void telegrafsHttpOutputLandsTheSame() {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        TelegrafOutput telegraf = TelegrafOutput.read(Path.of("quickstart", "telegraf-http.conf"),
                Map.of("SERIESFLOW_URL", tomcat.baseUri().toString().replaceAll("/$", ""),
                        "SERIESFLOW_PUBLISH_TOKEN", TOKEN));
        HttpResponse<String> response = Http.send(HTTP, telegraf.http(TelegrafOutput.defaultBatch("web_2", nanos)));
        assertEquals(204, response.statusCode(), response.body());
        assertTelegrafStreams("web-2", nanos);
    }

    /** The names docs/protocol.md predicts for Telegraf's default inputs. */
    private static void assertTelegrafStreams(String host, long nanos) {
        for (String stream : List.of("cpu.cpu-total." + host + ".usage-idle", "cpu.cpu0." + host + ".usage-user",
                "mem." + host + ".used-percent", "mem." + host + ".available", "system." + host + ".load1",
                "system." + host + ".n-cpus", "system." + host + ".uptime")) {
            JsonArray points = points(stream);
            assertEquals(1, points.size(), stream);
            assertEquals(nanos / 1_000_000L, points.getJsonArray(0).getJsonNumber(1).longValue(), stream);
        }
        JsonObject list = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams"));
        long created = list.getJsonArray("streams").stream().map(s -> s.asJsonObject().getString("name"))
                .filter(name -> name.contains("." + host + ".")).count();
        assertEquals(2 * 10 + 10 + 6 + 1, created, "one stream per numeric field; the string field is skipped");
    }
}
