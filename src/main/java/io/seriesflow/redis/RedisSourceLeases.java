package io.seriesflow.redis;

import io.seriesflow.engine.SourceLeases;
import io.seriesflow.engine.StreamId;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Each source stream runs on one node at a time: the holder of its lease, a Redis key with an expiry
 * ({@value #TTL_MILLIS} ms) that the holder renews every {@value #CHECK_MILLIS} ms and that the other nodes try
 * to take as often. When the holder dies its lease expires and another node takes it over within the time to live
 * plus one check; a holder that cannot renew (Redis away) stops publishing once its lease may have expired, so two
 * nodes never feed a stream at once. Closing gives the leases up at once.
 *
 * <p>Thread-safe: the checks run on the scheduler, one at a time; {@link #holds} reads a concurrent map.
 */
public final class RedisSourceLeases implements SourceLeases {
    static final long TTL_MILLIS = 3_000;
    static final long CHECK_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger(RedisSourceLeases.class.getName());

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final String nodeId;
    private final LuaScript renewScript = LuaScript.load("lease");
    /** The streams whose lease this node holds, and when it last renewed each (System.nanoTime). */
    private final Map<StreamId, Long> held = new ConcurrentHashMap<>();
    private volatile List<StreamId> streams = List.of();
    private volatile ScheduledFuture<?> checks;

    public RedisSourceLeases(UnifiedJedis redis, RedisOptions options, String nodeId) {
        this.redis = redis;
        this.keys = new RedisKeys(options.keyPrefix());
        this.nodeId = nodeId;
    }

    @Override
    public boolean holds(StreamId stream) {
        Long renewed = held.get(stream);
        long trustedForNanos = TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS - CHECK_MILLIS);
        return renewed != null && System.nanoTime() - renewed < trustedForNanos;
    }

    @Override
    public void start(Collection<StreamId> all, ScheduledExecutorService scheduler, Consumer<StreamId> acquired) {
        streams = List.copyOf(all);
        checks = scheduler.scheduleWithFixedDelay(() -> check(acquired), 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Renews the leases held, tries to take the others; never throws (a periodic task that throws stops). */
    private void check(Consumer<StreamId> acquired) {
        for (StreamId stream : streams) {
            try {
                if (held.containsKey(stream)) {
                    renew(stream);
                } else {
                    tryAcquire(stream, acquired);
                }
            } catch (JedisException e) {
                LOG.log(Level.DEBUG, "Lease of {0}: Redis did not answer: {1}", stream, e.toString());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Lease of " + stream + ": check failed; the next check tries again", e);
            }
        }
    }

    private void renew(StreamId stream) {
        Object still = renewScript.run(redis, List.of(RedisKeys.bytes(keys.lease(stream))),
                List.of(RedisKeys.bytes(nodeId), RedisKeys.bytes(Long.toString(TTL_MILLIS))));
        if (Long.valueOf(1).equals(still)) {
            held.put(stream, System.nanoTime());
        } else {
            held.remove(stream);
            LOG.log(Level.WARNING, "Lost the source lease of {0} to another node", stream);
        }
    }

    private void tryAcquire(StreamId stream, Consumer<StreamId> acquired) {
        long asked = System.nanoTime();
        String reply = redis.set(keys.lease(stream), nodeId, SetParams.setParams().nx().px(TTL_MILLIS));
        if ("OK".equals(reply)) {
            held.put(stream, asked);
            LOG.log(Level.INFO, "This node ({0}) now runs the source of {1}", nodeId, stream);
            acquired.accept(stream);
        }
    }

    @Override
    public Collection<StreamId> held() {
        return streams.stream().filter(this::holds).toList();
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = checks;
        if (running != null) {
            running.cancel(false);
        }
        for (StreamId stream : List.copyOf(held.keySet())) {
            held.remove(stream);
            try {
                renewScript.run(redis, List.of(RedisKeys.bytes(keys.lease(stream))),
                        List.of(RedisKeys.bytes(nodeId), RedisKeys.bytes("0")));
            } catch (JedisException e) {
                // Redis is away: the lease expires by itself within its time to live.
                LOG.log(Level.DEBUG, "Giving up the lease of {0} failed: {1}", stream, e.toString());
            }
        }
    }
}
