package io.seriesflow.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Consecutive points of one stream (sequence numbers {@code firstSeq .. firstSeq + size - 1}), as published
 * together or replayed from history, with a cache of their encodings so that each format is serialised once
 * however many clients receive the chunk.
 *
 * <p>Immutable apart from the encoding cache, which is thread-safe (a race may encode twice; both results are
 * equal).
 */
public final class PointChunk {
    /** Number of cache slots; codecs pick a fixed slot each. */
    public static final int CACHE_SLOTS = 4;

    private final StreamDescriptor stream;
    private final long firstSeq;
    private final long[] timestamps;
    private final double[] values;
    private final AtomicReferenceArray<Object> encodings = new AtomicReferenceArray<>(CACHE_SLOTS);

    /** Takes ownership of the arrays, which must have the same length (at least 1) and not change afterwards. */
    public PointChunk(StreamDescriptor stream, long firstSeq, long[] timestamps, double[] values) {
        this.stream = Objects.requireNonNull(stream, "stream");
        if (timestamps.length != values.length || values.length == 0) {
            throw new IllegalArgumentException("a chunk needs as many timestamps as values, at least one");
        }
        this.firstSeq = firstSeq;
        this.timestamps = timestamps;
        this.values = values;
    }

    public StreamDescriptor stream() {
        return stream;
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return firstSeq + values.length - 1;
    }

    public int size() {
        return values.length;
    }

    public long timestampAt(int index) {
        return timestamps[index];
    }

    public double valueAt(int index) {
        return values[index];
    }

    public Point pointAt(int index) {
        return new Point(firstSeq + index, timestamps[index], values[index]);
    }

    /** The cached encoding in the slot, computed by the supplier the first time. */
    @SuppressWarnings("unchecked")
    public <T> T cached(int slot, Supplier<T> encode) {
        Object value = encodings.get(slot);
        if (value == null) {
            value = encode.get();
            encodings.compareAndSet(slot, null, value);
        }
        return (T) value;
    }
}
