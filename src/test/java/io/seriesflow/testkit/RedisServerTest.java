package io.seriesflow.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test kit's Redis: a real redis-server, its data kept or wiped across restarts, and frozen on demand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisServerTest {
    private static final Path WORK = Path.of("target/redis-server-test");

    @Test
    void keepsDataThroughTheAppendOnlyFileAndLosesItWhenRestartedEmpty() {
        try (RedisServer redis = RedisServer.start(WORK.resolve("restarts"))) {
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
            assertEquals("OK", redis.call("SET", "greeting", "hello").asText());
            assertEquals("1-0", redis.call("XADD", "points", "1-0", "value", "1.5").asText());
            long firstPid = redis.pid();

            redis.restart();
            assertTrue(redis.pid() != firstPid, "a new process");
            assertEquals("hello", redis.call("GET", "greeting").asText());
            assertEquals(1, redis.call("XLEN", "points").asLong());

            redis.kill();
            redis.restart();
            assertEquals("hello", redis.call("GET", "greeting").asText(), "fsync always: SIGKILL loses nothing");

            redis.restartEmpty();
            assertEquals(0, redis.call("DBSIZE").asLong());
            assertTrue(redis.call("GET", "greeting").isNil());
            assertTrue(redis.logTail(200).contains("Ready to accept connections"), redis.logTail(20));
        }
    }

    @Test
    void aFrozenServerAnswersNothingUntilUnfrozen() {
        try (RedisServer redis = RedisServer.start(WORK.resolve("freeze"))) {
            redis.freeze();
            try (RespConnection connection = redis.connect(Duration.ofMillis(500))) {
                long started = System.nanoTime();
                assertThrows(UncheckedIOException.class, () -> connection.call("PING"));
                assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 400, "the read timed out");
            }
            redis.unfreeze();
            assertEquals("PONG", redis.call("PING").asText());
        }
    }

    @Test
    void readsTheRepliesTestsInspectKeysWith() {
        try (RedisServer redis = RedisServer.start(WORK.resolve("replies"));
             RespConnection connection = redis.connect()) {
            assertEquals(2, connection.call("HSET", "stream:meta", "epoch", "e1", "seq", "41").asLong());
            assertEquals(Map.of("epoch", "e1", "seq", "41"), connection.call("HGETALL", "stream:meta").asMap());
            connection.call("SET", "binary", "\u00e9");
            assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, connection.call("GET", "binary").asBytes());
            assertTrue(connection.call("NOSUCHCOMMAND") instanceof RespReply.Error);
            assertTrue(connection.call("XRANGE", "none", "-", "+").asList().isEmpty());
            assertEquals("OK", connection.call("FLUSHALL").asText());
            assertEquals(0, connection.call("DBSIZE").asLong());
        }
    }
}
