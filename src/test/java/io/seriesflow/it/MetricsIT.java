package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PrometheusText;
import io.seriesflow.testkit.RedisServer;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /metrics}, {@code /health/*} and the operations API on the WAR in embedded Tomcat, with real clients. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "publish-token";
    private static final String OPS = "ops-token";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));

    @Test
    void metricsFollowClientsAndPointsAndTheOperationsApiShowsThem() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.publish-token", TOKEN,
                "seriesflow.ops-token", OPS), Map.of())) {
            URI base = tomcat.baseUri();
            OperationsChecks.healthIsLiveAndReady(HTTP, base);
            OperationsChecks.metricsFollowClientsAndPoints(HTTP, base, tomcat.wsUri(), TOKEN);

            HttpResponse<String> open = Http.send(HTTP, HttpRequest.newBuilder(base.resolve("metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0").GET().build());
            assertTrue(open.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"),
                    open.headers().toString());
            assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");

            try (V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.bin.v1")) {
                client.subscribe("demo");
                Awaits.await("demo points", Duration.ofSeconds(10), () -> !client.seqs("demo").isEmpty());
                HttpResponse<String> refused = Http.get(HTTP, base.resolve("ops/api/state"));
                assertEquals(401, refused.statusCode(), refused.body());
                JsonObject state = opsState(base, OPS);
                JsonObject connection = state.getJsonArray("connections").getJsonObject(0);
                assertEquals("seriesflow.bin.v1", connection.getString("mode"), state.toString());
                assertEquals("127.0.0.1", connection.getString("peer"), "Tomcat passes the address on");
                assertEquals("demo", connection.getJsonArray("streams").getString(0));
                JsonArray streams = state.getJsonArray("streams");
                JsonObject demo = streams.getValuesAs(JsonObject.class).stream()
                        .filter(s -> s.getString("name").equals("demo")).findFirst().orElseThrow();
                assertEquals(1, demo.getInt("subscribers"), demo.toString());
                assertTrue(demo.getInt("retained") > 0 && !demo.getString("epoch").isEmpty(), demo.toString());
            }
        }
    }

    @Test
    void operatorsEndpointsAreLimitedByTokenAndAddress() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.metrics-token", "m",
                "seriesflow.generators", "none"), Map.of())) {
            URI base = tomcat.baseUri();
            for (String path : new String[] {"ops/", "ops/api/state"}) {
                HttpResponse<String> disabled = Http.get(HTTP, base.resolve(path));
                assertEquals(403, disabled.statusCode(), path);
                assertEquals("urn:seriesflow:problem:operations-disabled", Http.json(disabled).getString("type"));
            }
            HttpResponse<String> anonymous = Http.get(HTTP, base.resolve("metrics"));
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals(200, Http.send(HTTP, HttpRequest.newBuilder(base.resolve("metrics"))
                    .header("Authorization", "Bearer m").GET().build()).statusCode());
            assertEquals(200, Http.get(HTTP, base.resolve("health/ready")).statusCode(), "health needs nothing");
        }
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.ops-token", OPS,
                "seriesflow.ops-allowed-addresses", "10.0.0.0/8, ::1/128",
                "seriesflow.metrics-allowed-addresses", "192.168.0.0/16"), Map.of())) {
            URI base = tomcat.baseUri();
            for (String path : new String[] {"ops/", "metrics"}) {
                HttpResponse<String> refused = Http.get(HTTP, base.resolve(path));
                assertEquals(403, refused.statusCode(), path);
                assertEquals("urn:seriesflow:problem:address-not-allowed", Http.json(refused).getString("type"));
            }
        }
    }

    @Test
    void metricsOffAnswers404AndHealthStillAnswers() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.metrics", "off"), Map.of());
             WsTestClient client = WsTestClient.connect(HTTP, tomcat.wsUri())) {
            Awaits.await("frames", Duration.ofSeconds(10), () -> client.count() > 2);
            assertEquals(404, Http.get(HTTP, tomcat.baseUri().resolve("metrics")).statusCode());
            assertEquals(200, Http.get(HTTP, tomcat.baseUri().resolve("health/ready")).statusCode());
        }
    }

    @Test
    void readinessTurns503WhileRedisIsDownAndBackWhenItReturns() {
        try (RedisServer redis = RedisServer.start(WORK.resolve("metrics-redis"));
             EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.redis-url", redis.url(),
                     "seriesflow.redis-timeout-ms", "500"), Map.of())) {
            URI ready = tomcat.baseUri().resolve("health/ready");
            Awaits.await("ready with Redis", Duration.ofSeconds(20), () -> Http.statusOrMinusOne(HTTP, ready) == 200);
            PrometheusText scrape = OperationsChecks.scrape(HTTP, tomcat.baseUri());
            assertEquals(1, scrape.sum("seriesflow_log_reachable", Map.of("kind", "redis")));
            assertFalse(scrape.find("seriesflow_log_round_trip_seconds", Map.of()).isEmpty(), "round trip measured");

            redis.stop();
            Awaits.await("not ready without Redis", Duration.ofSeconds(20),
                    () -> Http.statusOrMinusOne(HTTP, ready) == 503);
            JsonObject body = Http.json(Http.get(HTTP, ready));
            assertEquals("not-ready", body.getString("status"));
            assertFalse(body.getJsonObject("checks").getJsonObject("log").getBoolean("ok"), body.toString());

            redis.restart();
            Awaits.await("ready again", Duration.ofSeconds(30), () -> Http.statusOrMinusOne(HTTP, ready) == 200,
                    () -> Http.get(HTTP, ready).body());
        }
    }

    static JsonObject opsState(URI base, String token) {
        HttpResponse<String> response = Http.send(HTTP, HttpRequest.newBuilder(base.resolve("ops/api/state"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }
}
