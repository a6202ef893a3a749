package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.TomcatDistribution;
import io.seriesflow.testkit.TricklingPost;
import io.seriesflow.testkit.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slow request bodies cannot starve the server: 210 connections post {@code Content-Length: 1000000} and send a
 * byte every two seconds, half of them without a token, against the WAR in the real Tomcat 11 distribution, once
 * with its stock {@code conf/} (200 worker threads) and once with the shipped configuration. Meanwhile
 * {@code /api/info} must answer within 2 s and a WebSocket must open; the refused ones are closed at once, the
 * authorised ones get 408 after the body deadline, and nothing of them is published.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowBodyIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "slow-body-token";
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));
    private static final int CONNECTIONS = 210;
    private static final Duration TRICKLE = Duration.ofSeconds(2);
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(TomcatDistribution.Conf.class)
    void slowBodiesHoldNoThreadAndAreRefusedOrTimedOut(TomcatDistribution.Conf conf) throws Exception {
        int port = FreePort.find();
        TomcatDistribution tomcat = TomcatDistribution.prepare(Path.of(System.getProperty("seriesflow.tomcat.home",
                "")), WORK, port, "seriesflow", conf);
        try (ChildProcess process = tomcat.start(Map.of("SERIESFLOW_PUBLISH_TOKEN", TOKEN,
                "SERIESFLOW_TICK_INTERVAL_MS", "50"))) {
            try {
                Containers.awaitReady(process, HTTP, tomcat.baseUri().resolve("api/info"), Duration.ofSeconds(60));
                underSlowBodies(conf, port, tomcat.baseUri());
            } catch (AssertionError | RuntimeException e) {
                System.err.println(process.logTail(120));
                throw e;
            }
        }
    }

    private static void underSlowBodies(TomcatDistribution.Conf conf, int port, URI base) throws Exception {
        List<TricklingPost> refused = new ArrayList<>();
        List<TricklingPost> authorised = new ArrayList<>();
        long opened = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            boolean withToken = i % 2 == 1;
            Map<String, String> headers = withToken ? Map.of("Content-Type", "text/csv", "Authorization",
                    "Bearer " + TOKEN) : Map.of("Content-Type", "text/csv");
            (withToken ? authorised : refused).add(TricklingPost.open(port, "/seriesflow/api/streams/slow-" + i
                    + "/points", headers, 1_000_000, "1\n", TRICKLE));
        }
        AtomicBoolean pumping = new AtomicBoolean(true);
        ExecutorService pump = Executors.newSingleThreadExecutor(r -> new Thread(r, "slow-body-pump"));
        try {
            Future<?> pumped = pump.submit(() -> pumpAll(pumping, refused, authorised));
            Awaits.await("every refused post answered 401 and closed", Duration.ofSeconds(5),
                    () -> refused.stream().allMatch(p -> p.closedByServer() && p.status().orElse(-1) == 401),
                    () -> describe(refused));
            for (int round = 0; round < 3; round++) {
                assertTrue(authorised.stream().noneMatch(TricklingPost::closedByServer), describe(authorised));
                othersAreServed(conf, port, base);
            }
            Awaits.await("every authorised post answered 408 and closed", BODY_DEADLINE.plusSeconds(10),
                    () -> authorised.stream().allMatch(p -> p.closedByServer() && p.status().orElse(-1) == 408),
                    () -> describe(authorised));
            long elapsedMillis = (System.nanoTime() - opened) / 1_000_000;
            assertTrue(elapsedMillis >= BODY_DEADLINE.toMillis() - 500, "not before the deadline: " + elapsedMillis);
            pumping.set(false);
            pumped.get(10, TimeUnit.SECONDS);
        } finally {
            pumping.set(false);
            pump.shutdownNow();
            refused.forEach(TricklingPost::close);
            authorised.forEach(TricklingPost::close);
        }
        String streams = Http.get(HTTP, base.resolve("api/streams")).body();
        assertTrue(!streams.contains("slow-"), "nothing of a slow body was published: " + streams);
    }

    /** Drives every connection until told to stop: a byte every two seconds each, and reads what comes back. */
    private static void pumpAll(AtomicBoolean pumping, List<TricklingPost> refused, List<TricklingPost> authorised) {
        while (pumping.get()) {
            refused.forEach(TricklingPost::pump);
            authorised.forEach(TricklingPost::pump);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** /api/info within 2 s and a WebSocket that opens and receives, while the slow bodies are in flight. */
    private static void othersAreServed(TomcatDistribution.Conf conf, int port, URI base) {
        long started = System.nanoTime();
        HttpResponse<String> info = Http.send(HTTP, HttpRequest.newBuilder(base.resolve("api/info"))
                .timeout(Duration.ofSeconds(2)).GET().build());
        long infoMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, info.statusCode(), info.body());
        assertTrue(infoMillis <= 2_000, "/api/info took " + infoMillis + " ms");
        started = System.nanoTime();
        try (WsTestClient client = WsTestClient.connect(HTTP, URI.create("ws://127.0.0.1:" + port
                + "/seriesflow/ws"))) {
            Awaits.await("a frame on a new WebSocket", Duration.ofSeconds(5), () -> client.count() > 0);
        }
        System.out.println("[" + conf + "] under " + CONNECTIONS + " slow bodies: /api/info in " + infoMillis
                + " ms, WebSocket open and first frame in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static String describe(List<TricklingPost> posts) {
        long answered = posts.stream().filter(p -> p.status().isPresent()).count();
        long closed = posts.stream().filter(TricklingPost::closedByServer).count();
        String sample = posts.stream().filter(p -> p.status().isPresent()).findFirst()
                .map(p -> p.received().lines().findFirst().orElse("")).orElse("none");
        return answered + " of " + posts.size() + " answered, " + closed + " closed; first answer: " + sample;
    }
}
