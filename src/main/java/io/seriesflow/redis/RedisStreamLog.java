package io.seriesflow.redis;

import io.seriesflow.engine.EngineClosedException;
import io.seriesflow.engine.LogEntry;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.LogUnavailableException;
import io.seriesflow.engine.PendingPublish;
import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.PublishResult;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLimitException;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.engine.StreamLog;
import io.seriesflow.engine.TimestampOrderException;
import io.seriesflow.engine.UnknownStreamException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The stream log on Redis Streams, shared by every node with the same Redis and key prefix. An append is one Lua
 * script ({@code seriesflow/redis/append.lua}): it reads or creates the stream's metadata (a new random epoch when
 * it is missing, atomically within {@code max-streams}), checks the batch's timestamps against the stream's last
 * one and against Redis's clock plus the future limit, assigns the seqs, adds the batch as one entry, trims by
 * count and age, and records the outcome under the publish's idempotency key. Every append carries one (the
 * client's, or one made here), so a publish whose reply was lost is retried without applying it twice.
 *
 * <p>Thread-safe. Appends and reads run on this log's threads; following runs on {@link RedisFollower}'s.
 */
public final class RedisStreamLog implements StreamLog {
    private static final System.Logger LOG = System.getLogger(RedisStreamLog.class.getName());
    /** Attempts of an append whose outcome is unknown (the connection broke after it was sent). */
    private static final int APPEND_ATTEMPTS = 3;
    private static final long SOURCE_FAILURE_LOG_NANOS = 10_000_000_000L;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisOptions options;
    private final StreamLimits limits;
    private final Supplier<String> epochs;
    private final LuaScript appendScript = LuaScript.load("append");
    private final LuaScript createScript = LuaScript.load("create");
    private final ThreadPoolExecutor workers;
    private final RedisFollower follower;
    private final RedisHealth health = new RedisHealth();
    private final Map<StreamId, Long> sourceFailureLogged = new ConcurrentHashMap<>();

    /**
     * @param redis a pooled client; this log closes it
     * @param epochs makes the epoch of a stream this node creates
     */
    RedisStreamLog(UnifiedJedis redis, RedisOptions options, StreamLimits limits, Supplier<String> epochs,
                          String nodeId) {
        this.redis = redis;
        this.options = options;
        this.keys = new RedisKeys(options.keyPrefix());
        this.limits = limits;
        this.epochs = epochs;
        AtomicInteger counter = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.poolSize() - 1, options.poolSize() - 1, 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> new Thread(task, "seriesflow-redis-" + counter.incrementAndGet()));
        this.follower = new RedisFollower(redis, keys, options, nodeId, health);
    }

    /**
     * Opens a pool of connections to the Redis at {@code options.url()} (user, password, database and TLS as the
     * URL says) and the log on it, already following. Redis need not answer yet: the log reports it unreachable
     * and retries.
     */
    public static RedisStreamLog connect(RedisOptions options, StreamLimits limits, Supplier<String> epochs,
                                         String nodeId) {
        URI url = options.url();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(options.timeoutMillis()).socketTimeoutMillis(options.timeoutMillis())
                .blockingSocketTimeoutMillis(options.timeoutMillis() + RedisFollower.BLOCK_MILLIS)
                .clientName("seriesflow-" + nodeId.replaceAll("[^A-Za-z0-9_.-]", "_"))
                .ssl(JedisURIHelper.isRedisSSLScheme(url));
        String password = JedisURIHelper.getPassword(url);
        if (password != null) {
            config.user(JedisURIHelper.getUser(url)).password(password);
        }
        if (JedisURIHelper.hasDbIndex(url)) {
            config.database(JedisURIHelper.getDBIndex(url));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.poolSize());
        pool.setMaxIdle(options.poolSize());
        RedisClient client = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(url))
                .clientConfig(config.build()).poolConfig(pool).build();
        RedisStreamLog log = new RedisStreamLog(client, options, limits, epochs, nodeId);
        log.follower.start();
        return log;
    }

    /** The source leases of this node, on this log's connections. */
    public RedisSourceLeases leases(String nodeId) {
        return new RedisSourceLeases(redis, options, nodeId);
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public PendingPublish append(StreamId stream, PointBatch batch, Optional<String> idempotencyKey,
                                 StreamLabel.Change label) {
        String key = idempotencyKey.orElseGet(() -> UUID.randomUUID().toString());
        String mode;
        try {
            mode = timestampMode(batch);
        } catch (TimestampOrderException e) {
            return PendingPublish.failed(e);
        }
        PendingPublish result = new PendingPublish();
        try {
            workers.execute(() -> {
                if (!result.start()) {
                    return; // withdrawn by a caller that stopped waiting: never sent
                }
                try {
                    result.complete(appendWithRetries(stream, batch, mode, key, label));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.cancel(false);
            throw new EngineClosedException();
        }
        return result;
    }

    /**
     * explicit (every point has a ts: checked in order here, against the stream's last one by the script), now
     * (none has: the script stamps them with Redis's clock) or mixed (the script checks point by point).
     */
    private static String timestampMode(PointBatch batch) {
        int stamped = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < batch.size(); i++) {
            long ts = batch.timestampAt(i);
            if (ts == PointBatch.NOW) {
                continue;
            }
            stamped++;
            if (ts < previous) {
                throw new TimestampOrderException(i, ts, previous);
            }
            previous = ts;
        }
        return stamped == batch.size() ? "explicit" : stamped == 0 ? "now" : "mixed";
    }

    /**
     * Runs the append; a failure after it may have reached Redis is retried with the same idempotency key (so it
     * applies at most once), and if Redis stays silent the caller learns the key to retry with.
     */
    private PublishResult appendWithRetries(StreamId stream, PointBatch batch, String mode, String key,
                                            StreamLabel.Change label) {
        JedisException last = null;
        for (int attempt = 1; attempt <= APPEND_ATTEMPTS; attempt++) {
            try {
                long started = System.nanoTime();
                PublishResult result = onLiveConnection(() -> appendOnce(stream, batch, mode, key, label));
                health.succeeded(System.nanoTime() - started);
                return result;
            } catch (JedisDataException e) {
                throw new IllegalStateException("the append script failed: " + e.getMessage(), e);
            } catch (JedisException e) {
                health.failed(e);
                last = e;
                if (neverSent(e)) {
                    throw new LogUnavailableException("Redis cannot be reached: " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
        throw new LogUnavailableException("Redis did not confirm the publish: " + last.getMessage(), key, last);
    }

    private PublishResult appendOnce(StreamId stream, PointBatch batch, String mode, String key,
                                     StreamLabel.Change label) {
        List<byte[]> keyList = List.of(RedisKeys.bytes(keys.meta(stream)), RedisKeys.bytes(keys.log(stream)),
                RedisKeys.bytes(keys.streams()), RedisKeys.bytes(keys.idempotency(stream, key)));
        List<byte[]> args = List.of(RedisKeys.bytes(stream.name()), RedisKeys.bytes(epochs.get()),
                RedisKeys.bytes(limits.createOnPublish() ? "1" : "0"), number(limits.maxStreams()),
                number(limits.maxFutureMillis()), number(limits.historyPoints()), number(limits.historyAgeMillis()),
                number(options.idempotencyWindowMillis()), number(batch.size()), RedisKeys.bytes(mode),
                mode.equals("now") ? new byte[0] : EntryFormat.timestamps(batch), EntryFormat.values(batch),
                flag(label.displayName()), RedisKeys.bytes(label.displayName().orElse("")), flag(label.unit()),
                RedisKeys.bytes(label.unit().orElse("")));
        List<String> reply = LuaScript.strings(appendScript.run(redis, keyList, args));
        return switch (reply.get(0)) {
            case "ok" -> new PublishResult(stream, reply.get(1), Long.parseLong(reply.get(2)),
                    Long.parseLong(reply.get(3)));
            case "dup" -> remembered(stream, reply.get(1));
            default -> throw refusal(stream, reply);
        };
    }

    private static PublishResult remembered(StreamId stream, String outcome) {
        String[] parts = outcome.split(" ");
        return new PublishResult(stream, parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    private RuntimeException refusal(StreamId stream, List<String> reply) {
        return switch (reply.get(1)) {
            case "unknown-stream" -> new UnknownStreamException(stream);
            case "stream-limit" -> new StreamLimitException(stream, limits.maxStreams());
            case "order" -> new TimestampOrderException(Integer.parseInt(reply.get(2)), Long.parseLong(reply.get(3)),
                    Long.parseLong(reply.get(4)));
            case "future" -> new TimestampOrderException(Integer.parseInt(reply.get(2)),
                    Long.parseLong(reply.get(3)), Long.parseLong(reply.get(4)), limits.maxFutureMillis());
            default -> new IllegalStateException("unexpected append reply " + reply);
        };
    }

    /**
     * Runs a call, again on another pooled connection when the one it was given had died since its last use (Redis
     * restarted, or a proxy cut idle connections): at most once per pooled connection, so a dead pool is emptied
     * but Redis being down still fails fast. Repeating an append is safe: it carries its idempotency key.
     */
    private <T> T onLiveConnection(Supplier<T> call) {
        for (int tries = 1; ; tries++) {
            try {
                return call.get();
            } catch (JedisConnectionException e) {
                if (tries > options.poolSize() || !deadConnection(e)) {
                    throw e;
                }
                LOG.log(Level.DEBUG, () -> "a pooled Redis connection had died; trying another: " + e);
            }
        }
    }

    /** Neither a refused connection (Redis is down) nor a timeout (Redis is slow or frozen): the socket was dead. */
    private static boolean deadConnection(JedisConnectionException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException) {
                return false;
            }
        }
        return true;
    }

    /** A failure to connect means the command never left this node. */
    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(Math.min(options.timeoutMillis(), 100L * attempt * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while retrying a publish", e);
        }
    }

    private static byte[] flag(Optional<String> field) {
        return RedisKeys.bytes(field.isPresent() ? "1" : "0");
    }

    private static byte[] number(long value) {
        return RedisKeys.bytes(Long.toString(value));
    }

    @Override
    public CompletableFuture<LogMeta> create(StreamId stream) {
        return supply(() -> {
            List<String> reply = LuaScript.strings(createScript.run(redis, List.of(RedisKeys.bytes(keys.meta(stream)),
                    RedisKeys.bytes(keys.streams())), List.of(RedisKeys.bytes(stream.name()),
                    RedisKeys.bytes(epochs.get()), number(limits.maxStreams()))));
            if (!reply.get(0).equals("ok")) {
                throw new StreamLimitException(stream, limits.maxStreams());
            }
            return new LogMeta(stream, reply.get(1), 0, Long.parseLong(reply.get(2)), Long.parseLong(reply.get(3)));
        });
    }

    @Override
    public void appendFromSource(StreamId stream, double value) {
        PointBatch batch = new PointBatch(new long[] {PointBatch.NOW}, new double[] {value});
        append(stream, batch, Optional.empty()).whenComplete((result, failure) -> {
            if (failure != null) {
                logSourceFailure(stream, failure);
            }
        });
    }

    private void logSourceFailure(StreamId stream, Throwable failure) {
        long now = System.nanoTime();
        Long previous = sourceFailureLogged.get(stream);
        if (previous == null || now - previous > SOURCE_FAILURE_LOG_NANOS) {
            sourceFailureLogged.put(stream, now);
            LOG.log(Level.WARNING, "Stream {0}: the source's point was not appended: {1}", stream, failure.toString());
        }
    }

    @Override
    public CompletableFuture<List<LogEntry>> read(StreamId stream, long fromSeq, int maxPoints) {
        return supply(() -> new RedisLogReader(redis, keys, options.readCount()).read(stream, fromSeq, maxPoints));
    }

    @Override
    public CompletableFuture<Optional<LogMeta>> meta(StreamId stream) {
        return supply(() -> new RedisLogReader(redis, keys, options.readCount()).meta(stream));
    }

    @Override
    public CompletableFuture<List<LogMeta>> list() {
        return supply(() -> {
            RedisLogReader reader = new RedisLogReader(redis, keys, options.readCount());
            List<LogMeta> all = new ArrayList<>();
            for (String name : redis.smembers(keys.streams()).stream().sorted().toList()) {
                reader.meta(StreamId.of(name)).ifPresent(all::add);
            }
            return all;
        });
    }

    /** Runs a read on this log's threads, recording whether Redis answered. */
    private <T> CompletableFuture<T> supply(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    long started = System.nanoTime();
                    T value = onLiveConnection(call);
                    health.succeeded(System.nanoTime() - started);
                    return value;
                } catch (JedisDataException e) {
                    throw new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
                } catch (JedisException e) {
                    health.failed(e);
                    throw new LogUnavailableException("Redis cannot be reached: " + e.getMessage(), e);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new EngineClosedException());
        }
    }

    @Override
    public void follow(Stream stream) {
        follower.follow(stream);
    }

    @Override
    public void unfollow(Stream stream) {
        follower.unfollow(stream);
    }

    @Override
    public LogHealth health() {
        return health.snapshot();
    }

    @Override
    public void close() {
        follower.stop();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        redis.close();
    }
}
