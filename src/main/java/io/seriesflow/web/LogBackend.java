package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.Epochs;
import io.seriesflow.engine.InMemoryStreamLog;
import io.seriesflow.engine.SourceLeases;
import io.seriesflow.engine.StreamLog;
import io.seriesflow.engine.StreamRegistry;
import io.seriesflow.engine.Ticker;
import io.seriesflow.redis.RedisOptions;
import io.seriesflow.redis.RedisStreamLog;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Where this node's streams are ordered and kept, and who runs its sources: this node's memory (no
 * {@code seriesflow.redis-url}), or Redis shared with other nodes. Closing it closes the log and gives the
 * leases up. Thread-safe.
 *
 * @param log the streams' log
 * @param leases which sources run here
 * @param nodeId this node's name in the shared log and in {@code /api/info}
 */
record LogBackend(StreamLog log, SourceLeases leases, String nodeId) implements AutoCloseable {
    LogBackend {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    static LogBackend open(Settings settings, StreamRegistry streams, InstantSource clock, Ticker ticker,
                           String nodeId) {
        if (settings.redisUrl().isEmpty()) {
            return new LogBackend(new InMemoryStreamLog(streams, clock, ticker,
                    settings.integer(Setting.IDEMPOTENCY_KEYS), settings.number(Setting.IDEMPOTENCY_WINDOW_MS)),
                    SourceLeases.local(), nodeId);
        }
        RedisOptions options = new RedisOptions(settings.redisUrl().get(), settings.raw(Setting.REDIS_KEY_PREFIX),
                settings.integer(Setting.REDIS_TIMEOUT_MS), settings.integer(Setting.REDIS_POOL_SIZE),
                settings.integer(Setting.REDIS_READ_COUNT), settings.number(Setting.IDEMPOTENCY_WINDOW_MS));
        RedisStreamLog log = RedisStreamLog.connect(options, streams.limits(), new Epochs(), nodeId);
        return new LogBackend(log, log.leases(nodeId), nodeId);
    }

    @Override
    public void close() {
        try {
            leases.close();
        } finally {
            log.close();
        }
    }
}
