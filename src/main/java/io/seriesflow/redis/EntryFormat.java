package io.seriesflow.redis;

import io.seriesflow.engine.LogEntry;
import io.seriesflow.engine.PointBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How points are laid out in a log entry: timestamps as little-endian 64-bit integers ({@code t}), values as
 * little-endian 64-bit floats ({@code v}), so one append of any size is one entry with two binary fields, and
 * the Lua script reads a timestamp with {@code struct.unpack('<i8')}. Stateless.
 */
final class EntryFormat {
    /** A timestamp the log stamps with its own clock ("now"). */
    static final long NOW = -1;

    private EntryFormat() {
    }

    /** The batch's timestamps, {@link #NOW} for points without one. */
    static byte[] timestamps(PointBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * batch.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch.size(); i++) {
            long ts = batch.timestampAt(i);
            buffer.putLong(ts == PointBatch.NOW ? NOW : ts);
        }
        return buffer.array();
    }

    static byte[] values(PointBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * batch.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch.size(); i++) {
            buffer.putDouble(batch.valueAt(i));
        }
        return buffer.array();
    }

    /**
     * An entry as XRANGE or XREAD returns it: its id ({@code firstSeq-0}) and its fields as alternating names
     * and values.
     */
    static LogEntry entry(byte[] id, List<byte[]> fields) {
        String epoch = null;
        byte[] timestamps = null;
        byte[] values = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String name = new String(fields.get(i), StandardCharsets.UTF_8);
            switch (name) {
                case "e" -> epoch = new String(fields.get(i + 1), StandardCharsets.UTF_8);
                case "t" -> timestamps = fields.get(i + 1);
                case "v" -> values = fields.get(i + 1);
                default -> {
                    // n and l are for the script; the arrays' lengths say the same.
                }
            }
        }
        if (epoch == null || timestamps == null || values == null || timestamps.length != values.length) {
            throw new IllegalStateException("malformed log entry " + new String(id, StandardCharsets.UTF_8));
        }
        ByteBuffer ts = ByteBuffer.wrap(timestamps).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer vs = ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN);
        int n = timestamps.length / 8;
        long[] times = new long[n];
        double[] numbers = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = ts.getLong();
            numbers[i] = vs.getDouble();
        }
        return new LogEntry(epoch, firstSeq(id), times, numbers);
    }

    /** The first seq an entry id ({@code firstSeq-0}) stands for. */
    static long firstSeq(byte[] id) {
        String text = new String(id, StandardCharsets.US_ASCII);
        int dash = text.indexOf('-');
        return Long.parseLong(dash < 0 ? text : text.substring(0, dash));
    }
}
