package io.seriesflow.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.Epochs;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.PublishResult;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.testkit.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis restart leaves every pooled connection dead. Once Redis answers again, the first read and the first
 * publish must succeed: a dead pooled connection is not Redis being down.
 */
class RedisRestartTest {
    private static final StreamId S = StreamId.of("s");
    private static final int POOL = 4;

    private RedisServer redis;
    private RedisStreamLog log;

    @BeforeEach
    void start() {
        redis = RedisServer.start(Path.of("target", "redis", "restart-" + System.nanoTime()));
        log = RedisStreamLog.connect(new RedisOptions(URI.create(redis.url()), "test:", 2_000, POOL, 64, 60_000),
                new StreamLimits(1_000, 600_000, 3, true, 60_000, false), new Epochs(), "restart-node");
    }

    @AfterEach
    void stop() {
        log.close();
        redis.close();
    }

    @Test
    void afterARestartTheFirstReadAndPublishSucceed() throws Exception {
        PublishResult before = publish(3);
        fillThePool();
        redis.restart();

        Optional<LogMeta> meta = log.meta(S).get(10, TimeUnit.SECONDS);
        assertTrue(meta.isPresent(), "the stream survived the restart (append-only file)");
        assertEquals(before.lastSeq(), meta.get().lastSeq());

        fillThePool();
        redis.restart();
        PublishResult after = publish(2);
        assertEquals(before.epoch(), after.epoch());
        assertEquals(before.lastSeq() + 1, after.firstSeq(), "applied once, right after the points before");
        assertEquals(before.lastSeq() + 2, log.meta(S).get(10, TimeUnit.SECONDS).orElseThrow().lastSeq());
    }

    private PublishResult publish(int points) throws Exception {
        long[] timestamps = new long[points];
        java.util.Arrays.fill(timestamps, PointBatch.NOW);
        return log.append(S, new PointBatch(timestamps, new double[points]), Optional.empty())
                .get(10, TimeUnit.SECONDS);
    }

    /** Reads at once on every pooled connection, so that the pool holds as many idle connections as it can. */
    private void fillThePool() throws Exception {
        List<CompletableFuture<?>> reads = new ArrayList<>();
        for (int i = 0; i < POOL * 4; i++) {
            reads.add(log.list());
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }
}
