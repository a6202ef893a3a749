package io.seriesflow.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script shipped in the WAR ({@code seriesflow/redis/*.lua}), run by its SHA-1 and sent whole only when
 * Redis does not know it yet (after a restart, say). Immutable and thread-safe.
 */
final class LuaScript {
    private final String name;
    private final byte[] source;
    private final byte[] sha1;

    private LuaScript(String name, byte[] source) {
        this.name = name;
        this.source = source;
        this.sha1 = RedisKeys.bytes(sha1Hex(source));
    }

    /** The script {@code seriesflow/redis/<name>.lua} from the class path. */
    static LuaScript load(String name) {
        String path = "seriesflow/redis/" + name + ".lua";
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new LuaScript(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + path, e);
        }
    }

    /** Runs the script; its reply as Jedis gives it (lists of byte arrays, numbers). */
    Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            // Redis restarted or flushed its script cache: send the script itself; it is cached again.
            return redis.eval(source, keys, args);
        }
    }

    String name() {
        return name;
    }

    private static String sha1Hex(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** The reply's elements as strings (a script's list of bulk strings). */
    static List<String> strings(Object reply) {
        if (!(reply instanceof List<?> list)) {
            throw new IllegalStateException("unexpected script reply " + reply);
        }
        return list.stream().map(item -> item instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(item)).toList();
    }
}
