package io.seriesflow.engine;

/**
 * Points {@code from} (inclusive) to {@code to} (exclusive) of a chunk: what one frame carries of it. Immutable.
 */
public record ChunkSlice(PointChunk chunk, int from, int to) {
    public ChunkSlice {
        if (from < 0 || to > chunk.size() || from >= to) {
            throw new IllegalArgumentException("bad slice " + from + ".." + to + " of " + chunk.size());
        }
    }

    public static ChunkSlice whole(PointChunk chunk) {
        return new ChunkSlice(chunk, 0, chunk.size());
    }

    public int size() {
        return to - from;
    }

    public long firstSeq() {
        return chunk.firstSeq() + from;
    }

    public long lastSeq() {
        return chunk.firstSeq() + to - 1;
    }

    public boolean isWhole() {
        return from == 0 && to == chunk.size();
    }
}
