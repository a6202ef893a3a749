package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.KeepAliveProbe;
import io.seriesflow.testkit.PrometheusText;
import io.seriesflow.testkit.V1Client;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/** The health and metrics checks every deployment test makes, whatever the container. */
final class OperationsChecks {
    static final String STREAM = "ops-check";
    private static final int CLIENTS = 7;
    private static final int POINTS = 100;

    private OperationsChecks() {
    }

    /** {@code /health/live} and {@code /health/ready} answer 200 with JSON saying so. */
    static void healthIsLiveAndReady(HttpClient http, URI base) {
        HttpResponse<String> live = Http.get(http, base.resolve("health/live"));
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("live", Http.json(live).getString("status"));
        Awaits.await("ready", Duration.ofSeconds(20),
                () -> Http.statusOrMinusOne(http, base.resolve("health/ready")) == 200,
                () -> Http.get(http, base.resolve("health/ready")).body());
        HttpResponse<String> ready = Http.get(http, base.resolve("health/ready"));
        assertTrue(ready.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonObject checks = Http.json(ready).getJsonObject("checks");
        for (String check : List.of("started", "accepting", "log", "sources", "sweep")) {
            assertTrue(checks.getJsonObject(check).getBoolean("ok"), check + ": " + checks);
        }
    }

    /** The Prometheus text format, scraped now. */
    static PrometheusText scrape(HttpClient http, URI base) {
        HttpResponse<String> response = Http.get(http, base.resolve("metrics"));
        assertEquals(200, response.statusCode(), response.body());
        String type = response.headers().firstValue("content-type").orElse("").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4"), type);
        return PrometheusText.parse(response.body());
    }

    /**
     * With no other client connected: 7 clients show a connections gauge of 7; the 7 subscribe to a new stream,
     * and publishing 100 points to it moves the published counter by 100 and the points sent by 700 (the
     * subscribers' count), and the latency histogram has buckets with those points in them.
     */
    static void metricsFollowClientsAndPoints(HttpClient http, URI base, URI ws, String token) {
        Awaits.await("no client connected", Duration.ofSeconds(20),
                () -> scrape(http, base).sum("seriesflow_connections") == 0);
        String mode = "seriesflow.v1";
        List<V1Client> clients = new ArrayList<>();
        try {
            IntStream.range(0, CLIENTS).forEach(i -> clients.add(V1Client.connect(http, ws, mode)));
            Awaits.await("a connections gauge of 7", Duration.ofSeconds(20),
                    () -> scrape(http, base).sum("seriesflow_connections", Map.of("mode", mode)) == CLIENTS);
            assertEquals(CLIENTS, scrape(http, base).sum("seriesflow_connections"), "in all modes");
            assertEquals(200, Http.post(http, base.resolve("api/streams/" + STREAM + "/points"),
                    "application/x-ndjson", token, "{\"value\":0}").statusCode(), "the stream exists");
            clients.forEach(client -> client.subscribe(STREAM));
            Awaits.await("7 subscribers", Duration.ofSeconds(20), () -> scrape(http, base)
                    .sum("seriesflow_stream_subscribers", Map.of("stream", STREAM)) == CLIENTS);
            PrometheusText before = scrape(http, base);
            StringBuilder body = new StringBuilder();
            for (int i = 1; i <= POINTS; i++) {
                body.append("{\"value\":").append(i).append("}\n");
            }
            HttpResponse<String> published = Http.post(http, base.resolve("api/streams/" + STREAM + "/points"),
                    "application/x-ndjson", token, body.toString());
            assertEquals(200, published.statusCode(), published.body());
            Awaits.await("every subscriber's points", Duration.ofSeconds(20),
                    () -> clients.stream().allMatch(c -> c.seqs(STREAM).size() == POINTS));
            Awaits.await("the sends' completions counted", Duration.ofSeconds(10), () -> delta(before,
                    scrape(http, base), "seriesflow_points_sent_total", Map.of("mode", mode)) >= POINTS * CLIENTS);
            PrometheusText after = scrape(http, base);
            Map<String, String> ndjson = Map.of("stream", STREAM, "format", "ndjson");
            assertEquals(POINTS, delta(before, after, "seriesflow_points_published_total", ndjson), "published");
            assertEquals(POINTS * CLIENTS, delta(before, after, "seriesflow_points_sent_total", Map.of("mode", mode)),
                    "sent: 100 points to each of 7 subscribers");
            assertEquals("histogram", after.type("seriesflow_publish_to_send_latency_seconds"));
            List<PrometheusText.Sample> buckets = after.find("seriesflow_publish_to_send_latency_seconds_bucket",
                    Map.of());
            assertTrue(buckets.size() >= 10, "latency buckets: " + buckets);
            assertTrue(delta(before, after, "seriesflow_publish_to_send_latency_seconds_bucket", Map.of("le", "+Inf"))
                    >= CLIENTS, "each subscriber's frame of those points is in the histogram (one per frame)");
            assertEquals(delta(before, after, "seriesflow_publish_to_send_latency_seconds_count", Map.of()),
                    delta(before, after, "seriesflow_publish_to_send_latency_seconds_bucket", Map.of("le", "+Inf")));
        } finally {
            clients.forEach(V1Client::close);
        }
    }

    /**
     * Probes readiness over one kept-alive connection, as a load balancer with pooled connections does, while the
     * server stops: 200 before; once it stops answering 200 it never does again, answering errors (503 with a JSON
     * body from the application, or the container's own while it stops) until the server closes the connection,
     * which happens within the stop.
     *
     * @param stop stops the server (SIGTERM), returning whether it ended gracefully
     * @return the statuses seen from the first that was not 200
     */
    static List<Integer> readinessFailsFromTheStopOn(int port, String path, BooleanSupplier stop) {
        try (KeepAliveProbe probe = KeepAliveProbe.open("127.0.0.1", port, path)) {
            assertEquals(200, probe.get().map(KeepAliveProbe.Answer::status).orElse(-1), "ready before the stop");
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(stop::getAsBoolean);
            List<Integer> after = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<KeepAliveProbe.Answer> answer = probe.get();
                if (answer.isEmpty()) {
                    after.add(-1);
                    break;
                }
                int status = answer.get().status();
                if (status == 200) {
                    assertTrue(after.isEmpty(), "ready again after answering " + after);
                    continue;
                }
                // Ours is 503 with a JSON body; a container that is stopping may answer with an error of its own
                // (Tomcat 10.1 once answered 400 with its HTML page): any error is not ready, only 200 would be.
                assertTrue(status >= 400, status + " " + answer.get().body());
                if (status == 503 && answer.get().body().startsWith("{")) {
                    Json.createReader(new StringReader(answer.get().body())).readObject();
                }
                after.add(status);
            }
            assertEquals(-1, after.isEmpty() ? 0 : after.get(after.size() - 1), "the server closed the connection");
            assertTrue(stopped.orTimeout(60, TimeUnit.SECONDS).join(), "stopped gracefully on SIGTERM");
            return after;
        }
    }

    static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
