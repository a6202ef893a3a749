package io.seriesflow.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Consecutive points of one stream (sequence numbers {@code firstSeq .. firstSeq + size - 1}), as published
 * together or replayed from history, with a cache of their encodings so that each format is serialised once
 * however many clients receive the chunk.
 *
 * <p>A chunk may be a view of a region of larger arrays (a history block): the region must be written before
 * the chunk is made and never changed afterwards, which is how history blocks are filled. Immutable apart from
 * the encoding cache, which is thread-safe (a race may encode twice; both results are equal).
 */
public final class PointChunk {
    /** Number of cache slots; codecs pick a fixed slot each. */
    public static final int CACHE_SLOTS = 4;

    private final StreamDescriptor stream;
    private final long firstSeq;
    private final long[] timestamps;
    private final double[] values;
    private final int offset;
    private final int size;
    private final AtomicReferenceArray<Object> encodings = new AtomicReferenceArray<>(CACHE_SLOTS);

    /** Takes ownership of the arrays, which must have the same length (at least 1) and not change afterwards. */
    public PointChunk(StreamDescriptor stream, long firstSeq, long[] timestamps, double[] values) {
        this(stream, firstSeq, timestamps, values, 0, values.length);
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("a chunk needs as many timestamps as values");
        }
    }

    /**
     * A view of {@code size} points from {@code offset} of the arrays; that region must not change afterwards.
     */
    public PointChunk(StreamDescriptor stream, long firstSeq, long[] timestamps, double[] values, int offset,
                      int size) {
        this.stream = Objects.requireNonNull(stream, "stream");
        if (size < 1 || offset < 0 || offset + size > values.length || offset + size > timestamps.length) {
            throw new IllegalArgumentException("a chunk needs at least one point inside its arrays");
        }
        this.firstSeq = firstSeq;
        this.timestamps = timestamps;
        this.values = values;
        this.offset = offset;
        this.size = size;
    }

    public StreamDescriptor stream() {
        return stream;
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return firstSeq + size - 1;
    }

    public int size() {
        return size;
    }

    public long timestampAt(int index) {
        return timestamps[offset + index];
    }

    public double valueAt(int index) {
        return values[offset + index];
    }

    public Point pointAt(int index) {
        return new Point(firstSeq + index, timestampAt(index), valueAt(index));
    }

    /** Whether this chunk is a view of the same arrays as the other (history blocks shared by replays). */
    boolean sharesStorageWith(PointChunk other) {
        return timestamps == other.timestamps && values == other.values;
    }

    /** The cached encoding in the slot, computed by the supplier the first time. */
    @SuppressWarnings("unchecked")
    public <T> T cached(int slot, Supplier<T> encode) {
        Object value = encodings.get(slot);
        if (value == null) {
            value = encode.get();
            if (!encodings.compareAndSet(slot, null, value)) {
                value = encodings.get(slot);
            }
        }
        return (T) value;
    }
}
