package io.seriesflow.redis;

import io.seriesflow.engine.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The names of every key Seriesflow keeps in Redis, under one prefix. Immutable.
 *
 * <pre>
 * {prefix}streams              set of stream names (the cluster-wide registry)
 * {prefix}s:{name}             hash: epoch, last (seq), lastTs, base (baseTime), name and unit (if published)
 * {prefix}s:{name}:log         stream: one entry per append, id {firstSeq}-0, fields e, n, t, v, l
 * {prefix}s:{name}:idem:{key}  string: "epoch first last" of a publish, for its idempotency window
 * {prefix}lease:{name}         string: the node that runs the stream's source, with an expiry
 * {prefix}wake:{node}          stream: written to wake a node's follower from its blocking read
 * </pre>
 *
 * @param prefix what every key starts with
 */
record RedisKeys(String prefix) {
    RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    String streams() {
        return prefix + "streams";
    }

    String meta(StreamId stream) {
        return prefix + "s:" + stream.name();
    }

    String log(StreamId stream) {
        return prefix + "s:" + stream.name() + ":log";
    }

    String idempotency(StreamId stream, String key) {
        return prefix + "s:" + stream.name() + ":idem:" + key;
    }

    String lease(StreamId stream) {
        return prefix + "lease:" + stream.name();
    }

    String wake(String node) {
        return prefix + "wake:" + node;
    }

    /** The stream whose log key this is, or null for another key. */
    StreamId streamOfLog(String key) {
        String start = prefix + "s:";
        if (!key.startsWith(start) || !key.endsWith(":log")) {
            return null;
        }
        return StreamId.of(key.substring(start.length(), key.length() - ":log".length()));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
