/**
 * The shared stream log on Redis: {@link io.seriesflow.redis.RedisStreamLog} (the engine's
 * {@link io.seriesflow.engine.StreamLog} on Redis Streams, one Lua script per append), the follower that feeds a
 * node's streams from it, and {@link io.seriesflow.redis.RedisSourceLeases} (each source on one node at a time).
 *
 * <p>Allowed dependencies: the JDK, Jedis and the engine. The engine never imports this package; the web layer's
 * composition root chooses it when {@code seriesflow.redis-url} is set.
 *
 * <p>Threading: appends and reads run on the log's own pool of {@code seriesflow-redis-N} threads; one
 * {@code seriesflow-redis-follow} thread reads every followed stream with blocking reads and hands entries to the
 * streams' lanes; leases are renewed on the application's scheduler.
 */
package io.seriesflow.redis;
