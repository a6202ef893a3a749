package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Compressed;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.SseTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Short checks of the event stream and the InfluxDB write path against any deployment. */
final class ReachChecks {
    private ReachChecks() {
    }

    /** {@code /sse?streams=demo} read twice, the second time from the first one's last event id: no hole. */
    static void eventStreamResumes(URI base) {
        List<Long> seqs = new ArrayList<>();
        String lastId = read(base, Map.of(), seqs, 10);
        read(base, Map.of("Last-Event-ID", lastId), seqs, 20);
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "resumed with no hole and no duplicate: " + seqs);
        }
    }

    private static String read(URI base, Map<String, String> headers, List<Long> seqs, int until) {
        try (SseTestClient client = SseTestClient.open(base.resolve("sse?streams=demo"), headers)) {
            assertEquals(200, client.response().statusCode());
            int before = seqs.size();
            Awaits.await(until + " points over the event stream", Duration.ofSeconds(20),
                    () -> before + client.seqs("demo").size() >= until, () -> client.events().toString());
            List<SseTestClient.Event> points = client.events("points");
            SseTestClient.Event last = points.get(points.size() - 1);
            for (SseTestClient.Event event : points) {
                event.data().getJsonArray("points").forEach(p -> seqs.add(p.asJsonArray().getJsonNumber(0)
                        .longValue()));
                if (event == last) {
                    break;
                }
            }
            return last.lastEventId();
        }
    }

    /** A gzip, Token-authorised InfluxDB 2 write of two fields lands in two streams. */
    static void influxWriteLands(HttpClient http, URI base, String token) {
        long ns = System.currentTimeMillis() * 1_000_000L;
        byte[] body = ("reach,host=c usage_idle=97.5,used=3i " + ns + "\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v2/write?org=o&bucket=b&precision=ns"))
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(Compressed.gzip(body)))
                .header("Authorization", "Token " + token).header("Content-Encoding", "gzip")
                .header("Content-Type", "text/plain; charset=utf-8").build();
        assertEquals(204, Http.send(http, request).statusCode());
        for (String stream : List.of("reach.c.usage-idle", "reach.c.used")) {
            assertEquals(1, Http.getJson(http, base.resolve("api/streams/" + stream)).getJsonNumber("lastSeq")
                    .longValue(), stream);
        }
    }
}
