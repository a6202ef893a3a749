package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.M4Reference;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The M4 backfill and aggregated reads over real sockets against the WAR in embedded Tomcat: a known series
 * comes back with every bucket's first, lowest, highest and last point exactly, live points continue at the next
 * seq, a million-point history backfills in one frame, and streams carry their display name and unit.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackfillIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "backfill-token";
    private static final int BUCKETS = 200;
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.publish-token", TOKEN,
                "seriesflow.history-points", "1000000"), Map.of());
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    /** A known series: 20,000 points 2 ms apart, the last 20 s ahead (so a backfill's window ends there). */
    private record Series(long[] timestamps, double[] values) {
        static Series known(long now) {
            long[] timestamps = new long[20_000];
            double[] values = new double[20_000];
            for (int i = 0; i < values.length; i++) {
                timestamps[i] = now - 20_000 + 2L * i;
                values[i] = (i % 37) - (i % 101 == 0 ? 500 : 0) + (i % 211 == 0 ? 700 : 0) + i / 1000.0;
            }
            return new Series(timestamps, values);
        }

        long last() {
            return timestamps[timestamps.length - 1];
        }

        String csv(int from, int to) {
            StringBuilder csv = new StringBuilder("ts,value\n");
            for (int i = from; i < to; i++) {
                csv.append(timestamps[i]).append(',').append(values[i]).append('\n');
            }
            return csv.toString();
        }
    }

    private static HttpResponse<String> publish(String stream, String query, String csv) {
        return Http.post(HTTP, tomcat.baseUri().resolve("api/streams/" + stream + "/points" + query), "text/csv",
                TOKEN, csv);
    }

    private static URI ws() {
        return tomcat.wsUri();
    }

    @Test
    void aKnownSeriesBackfillsAsItsExactM4InBothFormatsThenGoesLiveAtTheNextSeq() {
        long now = System.currentTimeMillis();
        Series series = Series.known(now);
        assertEquals(200, publish("known", "?displayName=Known%20series&unit=mV", series.csv(0, 10_000)).statusCode());
        assertEquals(200, publish("known", "", series.csv(10_000, 20_000)).statusCode());
        long from = now - 10_000;
        List<Long> expected = M4Reference.keptSeqs(1, series.timestamps(), series.values(), from, series.last(),
                BUCKETS);

        for (String subprotocol : List.of("seriesflow.v1", "seriesflow.bin.v1")) {
            try (V1Client client = V1Client.connect(HTTP, ws(), subprotocol)) {
                client.raw().send("{\"type\":\"subscribe\",\"stream\":\"known\",\"backfill\":{\"from\":" + from
                        + ",\"buckets\":" + BUCKETS + "}}");
                Awaits.await(subprotocol + ": the backfill", Duration.ofSeconds(10),
                        () -> !client.aggregates().isEmpty());
                JsonObject subscribed = client.controls("subscribed").get(0);
                assertEquals("Known series", subscribed.getString("displayName"));
                assertEquals("mV", subscribed.getString("unit"));
                V1Client.ReceivedAggregate backfill = client.aggregates().get(0);
                assertEquals("backfill", backfill.reason());
                assertEquals(expected.get(0), backfill.firstSeq(), "stands for the window from its first point");
                assertEquals(series.values().length, backfill.lastSeq(), "up to the stream's last point");
                assertEquals(expected, backfill.seqs(), subprotocol + ": every bucket's first, min, max and last");
                for (int i = 0; i < backfill.seqs().size(); i++) {
                    int index = (int) (backfill.seqs().get(i) - 1);
                    assertEquals(series.timestamps()[index], backfill.timestamps().get(i));
                    assertEquals(series.values()[index], backfill.values().get(i));
                }
                assertTrue(backfill.seqs().size() <= 4 * BUCKETS);

                long next = series.last() + 1;
                HttpResponse<String> live = publish("known", "", "ts,value\n" + next + ",1.5\n");
                assertEquals(200, live.statusCode(), live.body());
                long expectedSeq = Http.json(live).getJsonNumber("firstSeq").longValueExact();
                Awaits.await("the live point", Duration.ofSeconds(10), () -> !client.seqs("known").isEmpty());
                assertEquals(List.of(expectedSeq), client.seqs("known"), "live from the seq after the backfill");
                series = new Series(append(series.timestamps(), next), append(series.values(), 1.5));
                expected = M4Reference.keptSeqs(1, series.timestamps(), series.values(), from, series.last(),
                        BUCKETS);
            }
        }
    }

    private static long[] append(long[] array, long value) {
        long[] longer = java.util.Arrays.copyOf(array, array.length + 1);
        longer[array.length] = value;
        return longer;
    }

    private static double[] append(double[] array, double value) {
        double[] longer = java.util.Arrays.copyOf(array, array.length + 1);
        longer[array.length] = value;
        return longer;
    }

    @Test
    void anAggregatedReadAnswersTheWindowsExactM4AndRefusesBadQueries() {
        long now = System.currentTimeMillis();
        Series series = Series.known(now);
        assertEquals(200, publish("read", "", series.csv(0, 10_000)).statusCode());
        assertEquals(200, publish("read", "", series.csv(10_000, 20_000)).statusCode());
        long from = now - 15_000;
        long to = now - 1_000;

        JsonObject body = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/read/points?from=" + from
                + "&to=" + to + "&buckets=" + BUCKETS));

        List<Long> expected = M4Reference.keptSeqs(1, series.timestamps(), series.values(), from, to, BUCKETS);
        JsonArray points = body.getJsonArray("points");
        assertEquals(expected, points.getValuesAs(JsonArray.class).stream()
                .map(p -> p.getJsonNumber(0).longValueExact()).toList());
        assertEquals(true, body.getBoolean("aggregated"));
        assertEquals(expected.get(0), body.getJsonNumber("firstSeq").longValueExact());
        assertEquals(expected.get(expected.size() - 1), body.getJsonNumber("lastSeq").longValueExact());
        for (String bad : List.of("?from=" + from + "&buckets=0", "?from=" + from + "&buckets=100000000",
                "?buckets=5", "?from=" + from + "&to=" + from + "&buckets=5", "?from=x&buckets=5",
                "?from=" + from + "&buckets=5&since=3")) {
            HttpResponse<String> refused = Http.get(HTTP, tomcat.baseUri().resolve("api/streams/read/points" + bad));
            assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("")
                    .split(";")[0]);
        }
    }

    @Test
    void aMillionPointHistoryBackfillsInOneFrameOfAtMostFourPointsPerBucket() {
        long start = System.currentTimeMillis() - 500_000;
        for (int part = 0; part < 100; part++) {
            StringBuilder csv = new StringBuilder("ts,value\n");
            for (int i = 0; i < 10_000; i++) {
                long index = part * 10_000L + i;
                csv.append(start + index / 2).append(',').append(Math.sin(index / 5_000.0) + (index % 7) / 10.0)
                        .append('\n');
            }
            assertEquals(200, publish("big", "", csv.toString()).statusCode());
        }
        try (V1Client client = V1Client.connect(HTTP, ws(), "seriesflow.bin.v1")) {
            client.raw().send("{\"type\":\"subscribe\",\"stream\":\"big\",\"backfill\":{\"from\":" + start
                    + ",\"buckets\":1000}}");
            Awaits.await("the backfill", Duration.ofSeconds(20), () -> !client.aggregates().isEmpty());
            publish("big", "", "value\n1\n");
            Awaits.await("the live point", Duration.ofSeconds(10), () -> !client.seqs("big").isEmpty());

            List<WsTestClient.Received> frames = client.raw().messages().stream().filter(m -> !m.isText()).toList();
            assertEquals(2, frames.size(), "one aggregate frame, then the live point's frame");
            V1Client.ReceivedAggregate backfill = client.aggregates().get(0);
            assertEquals(1, backfill.firstSeq());
            assertEquals(1_000_000, backfill.lastSeq());
            assertTrue(backfill.seqs().size() <= 4_000 && backfill.seqs().size() >= 1_000,
                    "at most buckets x 4 points: " + backfill.seqs().size());
            assertEquals(32 + 24 * backfill.seqs().size(), frames.get(0).binary().length);
            assertEquals(List.of(1_000_001L), client.seqs("big"));
        }
    }

    @Test
    void streamsCarryTheirDisplayNameAndUnitAndBadOnesAreRefused() {
        JsonObject demo = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/demo"));
        assertEquals("Server room temperature", demo.getString("displayName"), "configured for the dataset");
        assertEquals("°C", demo.getString("unit"));

        HttpResponse<String> refused = publish("labelled", "?unit=" + "u".repeat(17), "value\n1\n");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(404, Http.get(HTTP, tomcat.baseUri().resolve("api/streams/labelled")).statusCode(),
                "nothing applied, no stream created");
        assertEquals(200, publish("labelled", "?displayName=Hall%20B&unit=%25", "value\n1\n").statusCode());
        assertEquals(200, publish("labelled", "?unit=%C2%B0F", "value\n2\n").statusCode());
        JsonObject labelled = Http.getJson(HTTP, tomcat.baseUri().resolve("api/streams/labelled"));
        assertEquals("Hall B", labelled.getString("displayName"), "a field not given stays");
        assertEquals("°F", labelled.getString("unit"));

        try (V1Client client = V1Client.connect(HTTP, ws(), "seriesflow.v1")) {
            client.raw().send("{\"type\":\"subscribe\",\"stream\":\"demo\",\"backfill\":{\"from\":1,"
                    + "\"buckets\":8193}}");
            Awaits.await("the refusal", Duration.ofSeconds(10), () -> !client.controls("error").isEmpty());
            JsonObject error = client.controls("error").get(0);
            assertEquals("bad-message", error.getString("code"));
            assertTrue(error.getString("message").contains("8192"), error.toString());
            assertEquals(8192, client.controls("hello").get(0).getJsonObject("limits").getInt("maxAggregateBuckets"));
        }
    }
}
