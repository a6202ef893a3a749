package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PrometheusText;
import io.seriesflow.testkit.RedisServer;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every metric the Grafana dashboard ({@code docker/grafana/seriesflow.json}) queries exists in a real scrape of
 * the WAR (in embedded Tomcat, on a real redis-server so that the log's metrics are there, with clients of each
 * mode and an ingest refusal), and the Prometheus configuration scrapes the path the WAR serves them on. Runs
 * without Prometheus or Grafana.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));
    private static final Pattern METRIC = Pattern.compile("\\b((?:seriesflow|jvm|process)_[a-zA-Z0-9_]+)");

    @Test
    void everyMetricTheDashboardQueriesIsInARealScrape() throws IOException {
        Set<String> queried = dashboardMetrics(Path.of("docker/grafana/seriesflow.json"));
        assertTrue(queried.size() >= 20, "the dashboard's metrics: " + queried);
        try (RedisServer redis = RedisServer.start(WORK.resolve("dashboard-redis"));
             EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.redis-url", redis.url(),
                     "seriesflow.publish-token", "t"), Map.of());
             WsTestClient compatible = WsTestClient.connect(HTTP, tomcat.wsUri());
             V1Client binary = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.bin.v1")) {
            URI base = tomcat.baseUri();
            binary.subscribe("sine");
            Awaits.await("points on both clients", Duration.ofSeconds(20),
                    () -> compatible.count() > 2 && !binary.seqs("sine").isEmpty());
            assertEquals(401, Http.post(HTTP, base.resolve("api/streams/x/points"), "text/csv", "wrong", "1\n")
                    .statusCode(), "an ingest refusal, so that its counter has a series");
            PrometheusText scrape = OperationsChecks.scrape(HTTP, base);
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(scrape.names());
            assertEquals(Set.of(), missing, "metrics the dashboard queries but the WAR does not serve");
        }
    }

    @Test
    void prometheusScrapesTheNodesMetricsPath() throws IOException {
        String config = Files.readString(Path.of("docker/prometheus/prometheus.yml"));
        assertTrue(config.contains("metrics_path: /metrics"), config);
        assertTrue(config.contains("\"node1:8080\"") && config.contains("\"node2:8080\""), "both compose nodes");
        String compose = Files.readString(Path.of("docker/compose.yaml"));
        assertTrue(compose.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"), compose);
        assertTrue(compose.contains("./grafana/seriesflow.json:"), compose);
    }

    /** The metric names in every panel's PromQL expressions. */
    static Set<String> dashboardMetrics(Path dashboard) throws IOException {
        JsonObject json;
        try (Reader reader = Files.newBufferedReader(dashboard)) {
            json = Json.createReader(reader).readObject();
        }
        Set<String> names = new TreeSet<>();
        for (JsonValue panel : json.getJsonArray("panels")) {
            for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                Matcher metric = METRIC.matcher(target.asJsonObject().getString("expr"));
                while (metric.find()) {
                    names.add(metric.group(1));
                }
            }
        }
        return names;
    }
}
