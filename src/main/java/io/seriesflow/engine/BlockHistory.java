package io.seriesflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The retained points of one stream: at most {@code capacity} consecutive points, none older than
 * {@code maxAgeMillis} by its timestamp, kept in blocks that are allocated as points arrive (the first small,
 * each next one twice the size, up to {@value #MAX_BLOCK} points) and dropped once every point in them has been
 * evicted. So a stream holding one point costs one small block, not its full capacity, and a quiet stream
 * whose points aged out holds nothing.
 *
 * <p>A slot of a block is written once and never reused, so {@link #chunksFrom} hands out views of the blocks
 * instead of copies: a replay costs a few small objects however many points it covers, and many subscribers
 * replaying at once share the same arrays.
 *
 * <p>Not thread-safe: it belongs to its stream's lane.
 */
public final class BlockHistory {
    /** Points in a stream's first block. */
    static final int FIRST_BLOCK = 64;
    /** Points in the largest block. */
    static final int MAX_BLOCK = 1024;

    private final int capacity;
    private final long maxAgeMillis;
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    /** Index of the oldest retained point in the first block. */
    private int head;
    private int size;
    private long firstSeq = 1;

    public BlockHistory(int capacity, long maxAgeMillis) {
        if (capacity < 1 || maxAgeMillis < 1) {
            throw new IllegalArgumentException("history needs a positive capacity and age");
        }
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Appends the next point (its seq must be {@code lastSeq() + 1}, or anything when the history is empty). */
    public void append(long seq, long timestamp, double value) {
        if (size > 0 && seq != lastSeq() + 1) {
            throw new IllegalArgumentException("seq " + seq + " does not follow " + lastSeq());
        }
        if (size == 0) {
            blocks.clear();
            head = 0;
            firstSeq = seq;
        }
        Block last = blocks.peekLast();
        if (last == null || last.isFull()) {
            last = new Block(nextBlockSize(last), seq);
            blocks.addLast(last);
        }
        last.add(timestamp, value);
        size++;
        while (size > capacity) {
            evictOldest();
        }
    }

    private int nextBlockSize(Block last) {
        int next = last == null ? FIRST_BLOCK : Math.min(MAX_BLOCK, last.capacity() * 2);
        return Math.min(next, capacity);
    }

    /** Forgets every point (the log lost them, or a new epoch began); the next append may start at any seq. */
    public void clear() {
        blocks.clear();
        head = 0;
        size = 0;
    }

    /** Drops points whose timestamp is older than {@code now - maxAge}. */
    public void evictExpired(long nowMillis) {
        long cutoff = nowMillis - maxAgeMillis;
        while (size > 0 && blocks.peekFirst().timestamps[head] < cutoff) {
            evictOldest();
        }
    }

    private void evictOldest() {
        head++;
        firstSeq++;
        size--;
        Block first = blocks.peekFirst();
        if (size == 0) {
            blocks.clear();
            head = 0;
        } else if (head == first.filled) {
            blocks.pollFirst();
            head = 0;
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

    /** Points the allocated blocks can hold (what the history costs), for tests and operators. */
    public int allocatedPoints() {
        int total = 0;
        for (Block block : blocks) {
            total += block.capacity();
        }
        return total;
    }

    /**
     * The retained points with seq from {@code fromSeq}, at most {@code limit} of them, as views of the blocks
     * (one chunk per block touched; nothing is copied).
     */
    public List<PointChunk> chunksFrom(StreamDescriptor stream, long fromSeq, int limit) {
        List<PointChunk> chunks = new ArrayList<>();
        if (size == 0 || limit < 1) {
            return chunks;
        }
        long start = Math.max(fromSeq, firstSeq);
        long end = Math.min(lastSeq(), start + limit - 1L);
        Iterator<Block> it = blocks.iterator();
        while (it.hasNext() && start <= end) {
            Block block = it.next();
            long blockLast = block.firstSeq + block.filled - 1;
            if (blockLast < start) {
                continue;
            }
            int from = (int) (start - block.firstSeq);
            int to = (int) (Math.min(end, blockLast) - block.firstSeq) + 1;
            chunks.add(new PointChunk(stream, start, block.timestamps, block.values, from, to - from));
            start = block.firstSeq + to;
        }
        return chunks;
    }

    /**
     * The retained points with timestamps from {@code fromMillis} to {@code toMillis} (both inclusive) as an M4
     * aggregate of {@code buckets} equal buckets over that span; empty when none is retained there. Retained
     * points are consecutive, so the aggregate stands for every seq from its first point to its last.
     */
    public Optional<PointAggregate> aggregate(StreamDescriptor stream, long fromMillis, long toMillis, int buckets,
                                              AggregateReason reason) {
        if (size == 0 || toMillis < fromMillis) {
            return Optional.empty();
        }
        M4Aggregation aggregation = M4Aggregation.window(fromMillis, Math.max(toMillis, fromMillis + 1), buckets);
        long seq = firstSeq;
        int from = head;
        for (Block block : blocks) {
            for (int i = from; i < block.filled; i++, seq++) {
                long ts = block.timestamps[i];
                if (ts > toMillis) {
                    return build(aggregation, stream, reason);
                }
                if (ts >= fromMillis) {
                    aggregation.add(seq, ts, block.values[i]);
                }
            }
            from = 0;
        }
        return build(aggregation, stream, reason);
    }

    private static Optional<PointAggregate> build(M4Aggregation aggregation, StreamDescriptor stream,
                                                  AggregateReason reason) {
        return aggregation.count() == 0 ? Optional.empty() : Optional.of(aggregation.build(stream, reason));
    }

    /** Consecutive points from {@code firstSeq}; slots are written once, in order, by the lane. */
    private static final class Block {
        final long[] timestamps;
        final double[] values;
        final long firstSeq;
        int filled;

        Block(int capacity, long firstSeq) {
            this.timestamps = new long[capacity];
            this.values = new double[capacity];
            this.firstSeq = firstSeq;
        }

        int capacity() {
            return values.length;
        }

        boolean isFull() {
            return filled == values.length;
        }

        void add(long timestamp, double value) {
            timestamps[filled] = timestamp;
            values[filled] = value;
            filled++;
        }
    }
}
