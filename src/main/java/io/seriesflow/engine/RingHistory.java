package io.seriesflow.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The retained points of one stream: a ring of at most {@code capacity} points, from which points older than
 * {@code maxAgeMillis} (by their timestamp) are also evicted. Sequence numbers are implicit: the ring holds
 * consecutive points, the oldest being {@link #firstSeq()}.
 *
 * <p>Not thread-safe: it belongs to its stream's lane.
 */
public final class RingHistory {
    private final long[] timestamps;
    private final double[] values;
    private final long maxAgeMillis;
    private int head;
    private int size;
    private long firstSeq = 1;

    public RingHistory(int capacity, long maxAgeMillis) {
        if (capacity < 1 || maxAgeMillis < 1) {
            throw new IllegalArgumentException("history needs a positive capacity and age");
        }
        this.timestamps = new long[capacity];
        this.values = new double[capacity];
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Appends the next point (its seq must be {@code lastSeq() + 1}, or anything when the ring is empty). */
    public void append(long seq, long timestamp, double value) {
        if (size > 0 && seq != lastSeq() + 1) {
            throw new IllegalArgumentException("seq " + seq + " does not follow " + lastSeq());
        }
        if (size == 0) {
            firstSeq = seq;
            head = 0;
        }
        int capacity = values.length;
        if (size == capacity) {
            head = (head + 1) % capacity;
            firstSeq++;
            size--;
        }
        int slot = (head + size) % capacity;
        timestamps[slot] = timestamp;
        values[slot] = value;
        size++;
    }

    /** Drops points whose timestamp is older than {@code now - maxAge}. */
    public void evictExpired(long nowMillis) {
        long cutoff = nowMillis - maxAgeMillis;
        while (size > 0 && timestamps[head] < cutoff) {
            head = (head + 1) % values.length;
            firstSeq++;
            size--;
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** Sequence number of the oldest retained point; meaningful only when not empty. */
    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return firstSeq + size - 1;
    }

    /**
     * Copies the retained points with seq in {@code [fromSeq, ...]}, at most {@code limit} of them, into chunks of
     * at most {@code chunkSize} points.
     */
    public List<PointChunk> chunksFrom(StreamDescriptor stream, long fromSeq, int limit, int chunkSize) {
        List<PointChunk> chunks = new ArrayList<>();
        if (size == 0) {
            return chunks;
        }
        long start = Math.max(fromSeq, firstSeq);
        long end = Math.min(lastSeq(), start + limit - 1L);
        for (long seq = start; seq <= end; seq += chunkSize) {
            int n = (int) Math.min(chunkSize, end - seq + 1);
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                int slot = (int) ((head + (seq - firstSeq) + i) % values.length);
                ts[i] = timestamps[slot];
                vs[i] = values[slot];
            }
            chunks.add(new PointChunk(stream, seq, ts, vs));
        }
        return chunks;
    }
}
