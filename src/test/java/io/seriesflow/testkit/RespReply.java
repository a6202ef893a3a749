package io.seriesflow.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reply of a Redis server in RESP2, as {@link RespConnection} read it. Immutable. The accessors convert the
 * common shapes for assertions and fail with an AssertionError naming the reply when it has another shape, so a
 * test reads {@code redis.call("XLEN", key).asLong()} and learns from the failure what Redis really said.
 */
public sealed interface RespReply {

    /** {@code +OK}, {@code +PONG}: a status line. */
    record Simple(String text) implements RespReply {
    }

    /** {@code -ERR ...}, {@code -WRONGTYPE ...}: the command failed. */
    record Error(String message) implements RespReply {
    }

    /** {@code :42}. */
    record Number(long value) implements RespReply {
    }

    /** {@code $n}: a binary-safe string (stream entries may hold binary fields). */
    record Bulk(byte[] bytes) implements RespReply {
        @Override
        public String toString() {
            return "Bulk[" + new String(bytes, UTF_8) + "]";
        }
    }

    /** {@code *n}: a list of replies (XRANGE entries, HGETALL pairs, KEYS, ...). */
    record Array(List<RespReply> items) implements RespReply {
    }

    /** {@code $-1} or {@code *-1}: no such key or value. */
    record Nil() implements RespReply {
    }

    default long asLong() {
        if (this instanceof Number number) {
            return number.value();
        }
        throw unexpected("an integer");
    }

    /** A status line or a bulk string decoded as UTF-8. */
    default String asText() {
        if (this instanceof Simple simple) {
            return simple.text();
        }
        if (this instanceof Bulk bulk) {
            return new String(bulk.bytes(), UTF_8);
        }
        throw unexpected("a string");
    }

    default byte[] asBytes() {
        if (this instanceof Bulk bulk) {
            return bulk.bytes().clone();
        }
        throw unexpected("a bulk string");
    }

    default List<RespReply> asList() {
        if (this instanceof Array array) {
            return array.items();
        }
        throw unexpected("an array");
    }

    /** A flat array of field/value pairs (HGETALL, CONFIG GET, a stream entry's fields) as an ordered map. */
    default Map<String, String> asMap() {
        List<RespReply> items = asList();
        if (items.size() % 2 != 0) {
            throw unexpected("an even number of items (field/value pairs)");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i).asText(), items.get(i + 1).asText());
        }
        return map;
    }

    default boolean isNil() {
        return this instanceof Nil;
    }

    private AssertionError unexpected(String expected) {
        return new AssertionError("expected " + expected + " from Redis, got " + this);
    }
}
