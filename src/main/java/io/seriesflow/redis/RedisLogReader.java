package io.seriesflow.redis;

import io.seriesflow.engine.LogEntry;
import io.seriesflow.engine.LogMeta;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads a stream's metadata and entries from Redis. Not thread-safe (hold one per call); the client is.
 */
final class RedisLogReader {
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final int readCount;

    RedisLogReader(UnifiedJedis redis, RedisKeys keys, int readCount) {
        this.redis = redis;
        this.keys = keys;
        this.readCount = readCount;
    }

    /** The stream's metadata, with the first retained seq from its oldest entry; empty when it does not exist. */
    Optional<LogMeta> meta(StreamId stream) {
        Map<String, String> meta = redis.hgetAll(keys.meta(stream));
        if (meta.isEmpty() || !meta.containsKey("epoch")) {
            return Optional.empty();
        }
        List<Entry> oldest = range(stream, "-", 1);
        long first = oldest.isEmpty() ? 0 : oldest.get(0).entry().firstSeq();
        return Optional.of(new LogMeta(stream, meta.get("epoch"), first, Long.parseLong(meta.getOrDefault("last", "0")),
                Long.parseLong(meta.getOrDefault("base", "0")), label(meta.get("name"), meta.get("unit"))));
    }

    /** The stored label; one that breaks the rules (written by hand into Redis) shows as none. */
    static StreamLabel label(String displayName, String unit) {
        try {
            return new StreamLabel(displayName == null ? "" : displayName, unit == null ? "" : unit);
        } catch (IllegalArgumentException e) {
            // Only a hand-edited hash can hold such a label: show the stream without it rather than fail reads.
            return StreamLabel.NONE;
        }
    }

    /** Entries holding the points from {@code fromSeq} on, until they hold {@code maxPoints}, in seq order. */
    List<LogEntry> read(StreamId stream, long fromSeq, int maxPoints) {
        List<LogEntry> entries = new ArrayList<>();
        String start = containing(stream, fromSeq).orElse("-");
        long points = 0;
        while (points < maxPoints) {
            List<Entry> batch = range(stream, start, readCount);
            for (Entry item : batch) {
                if (item.entry().lastSeq() >= fromSeq && points < maxPoints) {
                    entries.add(item.entry());
                    points += item.entry().lastSeq() - Math.max(fromSeq, item.entry().firstSeq()) + 1;
                }
            }
            if (batch.size() < readCount) {
                break;
            }
            start = "(" + batch.get(batch.size() - 1).id();
        }
        return entries;
    }

    /** The id of the entry that holds {@code seq}: the newest whose first seq is not after it. */
    private Optional<String> containing(StreamId stream, long seq) {
        List<Object> reply = redis.xrevrange(RedisKeys.bytes(keys.log(stream)), RedisKeys.bytes(seq + "-0"),
                RedisKeys.bytes("-"), 1);
        List<Entry> parsed = parse(reply);
        return parsed.isEmpty() ? Optional.empty() : Optional.of(parsed.get(0).id());
    }

    /** Up to {@code count} entries from {@code start} (an id, "(id" for after it, or "-"). */
    List<Entry> range(StreamId stream, String start, int count) {
        return parse(redis.xrange(RedisKeys.bytes(keys.log(stream)), RedisKeys.bytes(start), RedisKeys.bytes("+"),
                count));
    }

    @SuppressWarnings("unchecked")
    static List<Entry> parse(List<Object> reply) {
        List<Entry> entries = new ArrayList<>(reply.size());
        for (Object item : reply) {
            List<Object> pair = (List<Object>) item;
            byte[] id = (byte[]) pair.get(0);
            List<byte[]> fields = (List<byte[]>) (List<?>) pair.get(1);
            entries.add(new Entry(new String(id, java.nio.charset.StandardCharsets.US_ASCII),
                    EntryFormat.entry(id, fields)));
        }
        return entries;
    }

    /** A log entry with its Redis id. */
    record Entry(String id, LogEntry entry) {
    }
}
