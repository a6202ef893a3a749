package io.seriesflow.redis;

import io.seriesflow.engine.LogEntry;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Feeds this node's followed streams from their Redis logs, on one thread and one connection for all of them:
 * first each stream's retained history, then every new entry through blocking reads of all the logs at once, in
 * seq order. A range the log trimmed before it was read is handed on as a gap; a new epoch (Redis lost the
 * stream) is noticed by the entries' epoch and, while no entry comes, by checking the streams' metadata every few
 * seconds and after every reconnect; that check also brings the display name and unit a publish stored. Adding
 * a stream wakes the blocking read through a wake key of this node.
 *
 * <p>Thread-safe: {@link #follow} and {@link #unfollow} may be called from any thread; everything else runs on
 * the follower's thread.
 */
final class RedisFollower implements Runnable {
    private static final System.Logger LOG = System.getLogger(RedisFollower.class.getName());
    static final int BLOCK_MILLIS = 1_000;
    private static final long EPOCH_CHECK_NANOS = 5_000_000_000L;
    private static final String FROM_START = "0-0";

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisOptions options;
    private final String nodeId;
    private final RedisHealth health;
    private final Map<StreamId, Followed> followed = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;
    private long lastEpochCheck = System.nanoTime();
    private boolean recheckEpochs;

    RedisFollower(UnifiedJedis redis, RedisKeys keys, RedisOptions options, String nodeId, RedisHealth health) {
        this.redis = redis;
        this.keys = keys;
        this.options = options;
        this.nodeId = nodeId;
        this.health = health;
    }

    void start() {
        if (running.compareAndSet(false, true)) {
            Thread started = new Thread(this, "seriesflow-redis-follow");
            started.setDaemon(true);
            thread = started;
            started.start();
        }
    }

    void follow(Stream stream) {
        if (followed.putIfAbsent(stream.id(), new Followed(stream)) == null) {
            wake();
        }
    }

    void unfollow(Stream stream) {
        followed.remove(stream.id());
        wake();
    }

    /** Ends the blocking read at once, so a new stream is read without waiting for the block to time out. */
    private void wake() {
        try {
            redis.xadd(keys.wake(nodeId), XAddParams.xAddParams().maxLen(1), Map.of("w", "1"));
        } catch (JedisException e) {
            // Redis is away: the follower is reconnecting anyway and will see the new stream when it reads again.
            LOG.log(Level.DEBUG, "Waking the follower failed: {0}", e.toString());
        }
    }

    void stop() {
        running.set(false);
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            wake();
            try {
                current.join(options.timeoutMillis() + BLOCK_MILLIS + 1_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        long backoffMillis = 100;
        while (running.get()) {
            try {
                readOnce();
                backoffMillis = 100;
            } catch (JedisException e) {
                health.failed(e);
                recheckEpochs = true;
                LOG.log(Level.WARNING, "Following the stream logs failed; retrying in {0} ms: {1}", backoffMillis,
                        e.toString());
                if (!pause(backoffMillis)) {
                    return;
                }
                backoffMillis = Math.min(2_000, backoffMillis * 2);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Following the stream logs failed unexpectedly; retrying", e);
                if (!pause(1_000)) {
                    return;
                }
            }
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            // Interrupted by stop(): the loop ends.
            return false;
        }
    }

    private void readOnce() {
        for (Followed stream : followed.values()) {
            if (!stream.warmed) {
                warm(stream);
            }
        }
        if (recheckEpochs || System.nanoTime() - lastEpochCheck > EPOCH_CHECK_NANOS) {
            checkEpochs();
        }
        Map<byte[], StreamEntryID> positions = new LinkedHashMap<>();
        Map<String, Followed> byLogKey = new LinkedHashMap<>();
        for (Followed stream : followed.values()) {
            String logKey = keys.log(stream.id());
            positions.put(RedisKeys.bytes(logKey), new StreamEntryID(stream.lastId));
            byLogKey.put(logKey, stream);
        }
        positions.put(RedisKeys.bytes(keys.wake(nodeId)), StreamEntryID.XREAD_NEW_ENTRY);
        List<Map.Entry<byte[], List<StreamEntryBinary>>> reply = redis.xreadBinary(XReadParams.xReadParams()
                .block(BLOCK_MILLIS).count(options.readCount()), positions);
        health.succeeded();
        if (reply == null) {
            return;
        }
        for (Map.Entry<byte[], List<StreamEntryBinary>> perKey : reply) {
            Followed stream = byLogKey.get(new String(perKey.getKey(), StandardCharsets.UTF_8));
            if (stream == null) {
                continue; // the wake key, or a stream unfollowed meanwhile
            }
            for (StreamEntryBinary entry : perKey.getValue()) {
                health.followed(System.currentTimeMillis() - entry.getID().getTime());
                deliver(stream, entry.getID().toString(), EntryFormat.entry(RedisKeys.bytes(entry.getID().toString()),
                        fields(entry.getFields())));
            }
        }
    }

    private static List<byte[]> fields(Map<byte[], byte[]> fields) {
        List<byte[]> flat = new ArrayList<>(fields.size() * 2);
        fields.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        return flat;
    }

    /** Hands the stream its retained history, then marks it ready; it is read live from the last entry on. */
    private void warm(Followed stream) {
        RedisLogReader reader = new RedisLogReader(redis, keys, options.readCount());
        Optional<LogMeta> meta = reader.meta(stream.id());
        stream.epoch = meta.map(LogMeta::epoch).orElse(stream.stream.descriptor().epoch());
        meta.ifPresent(found -> stream.stream.relabel(found.label()));
        String start = "-";
        while (true) {
            List<RedisLogReader.Entry> batch = reader.range(stream.id(), start, options.readCount());
            for (RedisLogReader.Entry entry : batch) {
                deliver(stream, entry.id(), entry.entry());
            }
            if (batch.size() < options.readCount()) {
                break;
            }
            start = "(" + batch.get(batch.size() - 1).id();
        }
        stream.warmed = true;
        stream.stream.markReady();
    }

    private void deliver(Followed stream, String id, LogEntry entry) {
        if (!entry.epoch().equals(stream.epoch)) {
            stream.epoch = entry.epoch();
            stream.lastSeq = 0;
        } else if (stream.lastSeq > 0 && entry.firstSeq() > stream.lastSeq + 1) {
            stream.stream.offerGap(entry.epoch(), stream.lastSeq + 1, entry.firstSeq() - 1);
        }
        stream.stream.offer(entry);
        stream.lastSeq = Math.max(stream.lastSeq, entry.lastSeq());
        stream.lastId = id;
    }

    /** A stream whose epoch changed, or that is gone, is read again from the start of its (new) log. */
    private void checkEpochs() {
        for (Followed stream : followed.values()) {
            if (!stream.warmed) {
                continue;
            }
            List<String> meta = redis.hmget(keys.meta(stream.id()), "epoch", "name", "unit");
            String epoch = meta.get(0);
            if (epoch != null) {
                stream.stream.relabel(RedisLogReader.label(meta.get(1), meta.get(2)));
            }
            if (epoch == null || !epoch.equals(stream.epoch)) {
                if (!FROM_START.equals(stream.lastId)) {
                    LOG.log(Level.WARNING, "Stream {0}: the log {1}; following it from its start", stream.id(),
                            epoch == null ? "is gone" : "has a new epoch " + epoch);
                }
                stream.lastId = FROM_START;
            }
        }
        lastEpochCheck = System.nanoTime();
        recheckEpochs = false;
    }

    /** One followed stream and where its log has been read to. Touched only on the follower's thread. */
    private static final class Followed {
        final Stream stream;
        boolean warmed;
        String epoch = "";
        long lastSeq;
        String lastId = FROM_START;

        Followed(Stream stream) {
            this.stream = stream;
        }

        StreamId id() {
            return stream.id();
        }
    }
}
