package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.PrintLogsOnFailure;
import io.seriesflow.testkit.RedisServer;
import io.seriesflow.testkit.StreamAssertions;
import io.seriesflow.testkit.TomcatCluster;
import io.seriesflow.testkit.TomcatNode;
import io.seriesflow.testkit.V1Client;
import io.seriesflow.testkit.WsTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real Tomcat processes running the WAR and one real redis-server: one stream is one stream on every node.
 * Positions agree across nodes, both nodes publishing gives every subscriber one order, the demo source runs once
 * and moves when its node dies, clients of a killed node resume on the other exactly, and a Redis outage loses
 * nothing accepted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "cluster-token-7a1";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"), "cluster");

    private static RedisServer redis;
    private static TomcatCluster cluster;

    @RegisterExtension
    static final PrintLogsOnFailure LOGS = new PrintLogsOnFailure(() -> (cluster == null ? "" : cluster.logTails(60))
            + (redis == null ? "" : "\n" + redis.logTail(30)));

    @BeforeAll
    static void start() {
        redis = RedisServer.start(WORK.resolve("redis"));
        cluster = TomcatCluster.builder(WORK.resolve("nodes")).nodes(2)
                .environment("SERIESFLOW_REDIS_URL", redis.url())
                .environment("SERIESFLOW_PUBLISH_TOKEN", TOKEN)
                .environment("SERIESFLOW_GENERATORS", "none")
                .nodeEnvironment(index -> Map.of("SERIESFLOW_NODE_ID", "node-" + index))
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static TomcatNode a() {
        return cluster.node(0);
    }

    private static TomcatNode b() {
        return cluster.node(1);
    }

    private static HttpResponse<String> publish(TomcatNode node, String stream, int points, String key) {
        StringJoiner body = new StringJoiner("\n");
        for (int i = 0; i < points; i++) {
            body.add("{\"value\":" + (i + 0.5) + "}");
        }
        URI pointsUri = node.baseUri().resolve("api/streams/" + stream + "/points");
        HttpRequest.Builder request = HttpRequest.newBuilder(pointsUri)
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(
                        body.toString()));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return Http.send(HTTP, request.build());
    }

    private static JsonObject published(TomcatNode node, String stream, int points) {
        HttpResponse<String> response = publish(node, stream, points, null);
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static JsonObject summary(TomcatNode node, String stream) {
        return Http.getJson(HTTP, node.baseUri().resolve("api/streams/" + stream));
    }

    /**
     * The summary once the node reaches Redis again after a restart: each of its pooled connections that Redis
     * dropped fails once (503, Retry-After) before the pool replaces it, so a client retries as told.
     */
    private static JsonObject summaryAfterRestart(TomcatNode node, String stream) {
        URI uri = node.baseUri().resolve("api/streams/" + stream);
        Awaits.await(node + " to answer for " + stream + " again", Duration.ofSeconds(30),
                () -> Http.statusOrMinusOne(HTTP, uri) == 200);
        return summary(node, stream);
    }

    private static URI ws(TomcatNode node, String query) {
        return URI.create(node.wsUri() + query);
    }

    @Test
    void aStreamPublishedOnOneNodeIsTheSameStreamOnTheOther() {
        JsonObject result = published(a(), "shared", 1_000);
        assertEquals(1, result.getInt("firstSeq"));
        assertEquals(1_000, result.getInt("lastSeq"));
        JsonObject onA = summary(a(), "shared");
        JsonObject onB = summary(b(), "shared");
        for (String field : List.of("epoch", "firstSeq", "lastSeq")) {
            assertEquals(onA.get(field), onB.get(field), field + " agrees: " + onA + " vs " + onB);
        }

        String epoch = result.getString("epoch");
        try (WsTestClient client = WsTestClient.connect(HTTP, ws(b(), "?stream=shared&since=600&epoch=" + epoch))) {
            Awaits.await("the rest of the history on node B", Duration.ofSeconds(20), () -> client.count() >= 400,
                    () -> client.count() + " frames");
            published(a(), "shared", 10);
            Awaits.await("the points published on A after that", Duration.ofSeconds(20),
                    () -> client.count() >= 410, () -> client.count() + " frames");
            assertEquals(LongStream.rangeClosed(601, 1_010).boxed().toList(),
                    StreamAssertions.frames(client).stream().map(StreamAssertions.Frame::seq).toList());
        }
    }

    @Test
    void bothNodesPublishingIntoOneStreamGiveEverySubscriberTheSameOrder() throws Exception {
        published(a(), "duet", 1);
        List<WsTestClient> compat = List.of(WsTestClient.connect(HTTP, ws(a(), "?stream=duet&since=0")),
                WsTestClient.connect(HTTP, ws(b(), "?stream=duet&since=0")));
        List<V1Client> binary = List.of(V1Client.connect(HTTP, a().wsUri(), "seriesflow.bin.v1"),
                V1Client.connect(HTTP, b().wsUri(), "seriesflow.bin.v1"));
        try {
            binary.forEach(client -> client.subscribe("duet", 0, null));
            Awaits.await("every subscriber to have the first point", Duration.ofSeconds(20),
                    () -> compat.stream().allMatch(c -> c.count() >= 1)
                            && binary.stream().allMatch(c -> c.seqs("duet").size() >= 1));
            CompletableFuture<Long> fromA = CompletableFuture.supplyAsync(() -> publishWithRetries(a(), "a"));
            CompletableFuture<Long> fromB = CompletableFuture.supplyAsync(() -> publishWithRetries(b(), "b"));
            long accepted = 1 + fromA.get(120, TimeUnit.SECONDS) + fromB.get(120, TimeUnit.SECONDS);
            assertEquals(2_001, accepted);
            assertEquals(accepted, summary(b(), "duet").getInt("lastSeq"), "every retry applied once");

            Awaits.await("every subscriber to receive seq " + accepted, Duration.ofSeconds(30),
                    () -> compat.stream().allMatch(c -> c.count() >= accepted)
                            && binary.stream().allMatch(c -> c.seqs("duet").size() >= accepted));
            List<String> reference = compatPoints(compat.get(0));
            assertEquals(LongStream.rangeClosed(1, accepted).boxed().toList(), reference.stream()
                    .map(point -> Long.valueOf(point.split(" ")[0])).toList(), "contiguous, each once");
            assertEquals(reference, compatPoints(compat.get(1)), "node B's compatible client saw the same points");
            for (V1Client client : binary) {
                assertEquals(reference, client.points().stream().map(p -> p.seq() + " " + p.ts() + " " + p.value())
                        .toList(), "a binary client saw the same points");
            }
        } finally {
            compat.forEach(WsTestClient::close);
            binary.forEach(V1Client::close);
        }
    }

    private static List<String> compatPoints(WsTestClient client) {
        return StreamAssertions.frames(client).stream().map(f -> f.seq() + " " + f.ts() + " " + f.value()).toList();
    }

    /** 50 publishes of 20 points, each sent twice with the same Idempotency-Key; returns the points applied. */
    private static long publishWithRetries(TomcatNode node, String prefix) {
        long applied = 0;
        for (int i = 0; i < 50; i++) {
            String key = prefix + "-" + i;
            HttpResponse<String> first = publish(node, "duet", 20, key);
            HttpResponse<String> retry = publish(node, "duet", 20, key);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(200, retry.statusCode(), retry.body());
            assertEquals(Http.json(first).getInt("firstSeq"), Http.json(retry).getInt("firstSeq"),
                    "the retry got the first publish's seqs");
            applied += Http.json(first).getInt("count");
        }
        return applied;
    }

    @Test
    void theDemoSourceRunsOnceAndMovesWhenItsNodeDies() {
        Awaits.await("one node to run the demo source", Duration.ofSeconds(20),
                () -> leaseHolders("demo").size() == 1, () -> leaseHolders("demo").toString());
        try (WsTestClient onA = WsTestClient.connect(HTTP, ws(a(), "?stream=demo"));
             WsTestClient onB = WsTestClient.connect(HTTP, ws(b(), "?stream=demo"))) {
            Awaits.await("30 demo points on both nodes", Duration.ofSeconds(20),
                    () -> onA.count() >= 30 && onB.count() >= 30);
            Set<Long> seqsA = StreamAssertions.frames(onA).stream().map(StreamAssertions.Frame::seq)
                    .collect(Collectors.toSet());
            List<StreamAssertions.Frame> framesB = StreamAssertions.frames(onB);
            List<StreamAssertions.Frame> common = framesB.stream().filter(f -> seqsA.contains(f.seq())).toList();
            assertTrue(common.size() >= 20, "both nodes stream the same seqs");
            Map<Long, StreamAssertions.Frame> byA = StreamAssertions.frames(onA).stream()
                    .collect(Collectors.toMap(StreamAssertions.Frame::seq, f -> f, (x, y) -> x));
            common.forEach(f -> assertEquals(byA.get(f.seq()), f, "the same point on both nodes"));
            double span = (framesB.get(framesB.size() - 1).ts() - framesB.get(0).ts()) / 1000.0;
            double rate = (framesB.size() - 1) / span;
            assertTrue(rate > 8 && rate < 12, "10 points/s, not 20 (one source): " + rate);
        }

        TomcatNode holder = leaseHolders("demo").contains("node-0") ? a() : b();
        TomcatNode survivor = holder == a() ? b() : a();
        try (WsTestClient client = WsTestClient.connect(HTTP, ws(survivor, "?stream=demo"))) {
            Awaits.await("points on the survivor", Duration.ofSeconds(10), () -> client.count() >= 3);
            holder.kill();
            long killed = System.nanoTime();
            int before = client.count();
            Awaits.await("the survivor to continue the demo stream", Duration.ofSeconds(10),
                    () -> client.count() >= before + 3);
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf("ClusterIT: the demo source moved to the survivor %.1f s after kill -9%n", seconds);
            assertTrue(seconds <= 5.5, "taken over within 5 s: " + seconds);
            List<Long> seqs = StreamAssertions.frames(client).stream().map(StreamAssertions.Frame::seq).toList();
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "the same seq line, no hole");
            }
        } finally {
            holder.restart();
        }
    }

    private static Set<String> leaseHolders(String stream) {
        Set<String> holders = new HashSet<>();
        for (TomcatNode node : cluster.nodes()) {
            JsonObject info = Http.getJson(HTTP, node.baseUri().resolve("api/info")).getJsonObject("node");
            if (info.getJsonArray("leases").getValuesAs(jakarta.json.JsonString.class).stream()
                    .anyMatch(s -> s.getString().equals(stream))) {
                holders.add(info.getString("id"));
            }
        }
        return holders;
    }

    @Test
    void clientsOfAKilledNodeResumeOnTheOtherWithNothingLostOrRepeated() throws Exception {
        String epoch = published(a(), "failover", 1).getString("epoch");
        List<WsTestClient> clients = new ArrayList<>();
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> response = publish(b(), "failover", 10, null);
                assertEquals(200, response.statusCode(), response.body());
                long next = System.nanoTime() + 50_000_000L;
                Awaits.await("the next publish's turn", Duration.ofSeconds(5), () -> System.nanoTime() >= next);
            }
        });
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(WsTestClient.connect(HTTP, ws(a(), "?stream=failover&since=0&epoch=" + epoch)));
            }
            Awaits.await("every client on A to receive points", Duration.ofSeconds(30),
                    () -> clients.stream().allMatch(c -> c.count() >= 50));
            a().kill();
            List<WsTestClient> resumed = new ArrayList<>();
            for (WsTestClient client : clients) {
                List<StreamAssertions.Frame> got = StreamAssertions.frames(client);
                long since = got.get(got.size() - 1).seq();
                resumed.add(WsTestClient.connect(HTTP, ws(b(), "?stream=failover&since=" + since + "&epoch=" + epoch)));
            }
            publishing.get(60, TimeUnit.SECONDS);
            long last = summary(b(), "failover").getInt("lastSeq");
            assertEquals(601, last);
            for (int i = 0; i < clients.size(); i++) {
                WsTestClient before = clients.get(i);
                WsTestClient after = resumed.get(i);
                Awaits.await("client " + i + " to reach seq " + last + " on B", Duration.ofSeconds(30),
                        () -> StreamAssertions.frames(after).stream().anyMatch(f -> f.seq() == last));
                List<Long> seqs = new ArrayList<>();
                StreamAssertions.frames(before).forEach(f -> seqs.add(f.seq()));
                StreamAssertions.frames(after).forEach(f -> seqs.add(f.seq()));
                assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), seqs,
                        "client " + i + ": nothing lost, nothing repeated across the failover");
            }
            resumed.forEach(WsTestClient::close);
        } finally {
            clients.forEach(WsTestClient::close);
            a().restart();
        }
    }

    @Test
    void aRedisOutageAnswers503AndLosesNothingAccepted() throws Exception {
        published(a(), "outage", 5);
        try (V1Client subscriber = V1Client.connect(HTTP, b().wsUri(), "seriesflow.bin.v1")) {
            subscriber.subscribe("outage", 0, null);
            Awaits.await("the first points", Duration.ofSeconds(20), () -> subscriber.seqs("outage").size() >= 5);
            long accepted = 5 + published(a(), "outage", 5).getInt("count");

            redis.stop();
            long stopped = System.nanoTime();
            int refused = 0;
            while (System.nanoTime() - stopped < Duration.ofSeconds(10).toNanos()) {
                HttpResponse<String> response = publish(a(), "outage", 3, null);
                assertEquals(503, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After is set");
                refused++;
                long next = System.nanoTime() + 500_000_000L;
                Awaits.await("the next attempt", Duration.ofSeconds(5), () -> System.nanoTime() >= next);
            }
            assertFalse(Http.getJson(HTTP, a().baseUri().resolve("api/info")).getJsonObject("node")
                    .getJsonObject("log").getBoolean("reachable"), "the log is reported unreachable");
            redis.restart();

            Awaits.await("publishing to work again", Duration.ofSeconds(30),
                    () -> publish(a(), "outage", 5, null).statusCode() == 200);
            long total = accepted + 5;
            assertEquals(total, summaryAfterRestart(b(), "outage").getInt("lastSeq"),
                    refused + " refused publishes applied nothing; everything accepted survived the restart");
            Awaits.await("the subscriber on B to continue", Duration.ofSeconds(30),
                    () -> subscriber.seqs("outage").size() >= total,
                    () -> subscriber.seqs("outage").toString());
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), subscriber.seqs("outage"),
                    "nothing lost, nothing repeated");
        }
    }

    @Test
    void redisRestartedEmptyStartsANewEpochAndSubscribersGetAReset() {
        String before = published(a(), "lost", 5).getString("epoch");
        try (V1Client subscriber = V1Client.connect(HTTP, b().wsUri(), "seriesflow.v1")) {
            subscriber.subscribe("lost", 0, null);
            Awaits.await("the first points", Duration.ofSeconds(20), () -> subscriber.seqs("lost").size() >= 5);

            redis.restartEmpty();
            Awaits.await("publishing to work again", Duration.ofSeconds(30),
                    () -> publish(a(), "lost", 3, null).statusCode() == 200);
            String after = summaryAfterRestart(b(), "lost").getString("epoch");
            assertFalse(before.equals(after), "a new epoch: " + after);

            Awaits.await("a reset, then the new epoch's points", Duration.ofSeconds(30),
                    () -> !subscriber.controls("reset").isEmpty() && subscriber.points().stream()
                            .filter(p -> p.stream().equals("lost")).count() >= 8,
                    () -> subscriber.controls().toString());
            JsonObject reset = subscriber.controls("reset").get(0);
            assertEquals(after, reset.getString("epoch"));
            assertEquals(before, reset.getString("previousEpoch"));
            List<JsonObject> newPoints = subscriber.controls("points").stream()
                    .filter(m -> m.getString("epoch").equals(after)).toList();
            assertEquals(1, newPoints.get(0).getJsonArray("points").getJsonArray(0).getInt(0),
                    "the new epoch starts again at seq 1");
        }
    }
}
