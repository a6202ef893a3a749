package io.seriesflow.protocol;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.PointChunk;
import io.seriesflow.engine.StreamDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@code seriesflow.bin.v1}: points in binary frames laid out for typed arrays; control messages are the JSON
 * text frames of {@code seriesflow.v1}. Little-endian, every block 8-byte aligned:
 *
 * <pre>
 * offset      size  field
 * 0           1     kind = 1 (points)
 * 1           1     version = 1
 * 2           2     stream index (uint16, from the "subscribed" reply)
 * 4           4     n, number of points (uint32)
 * 8           8     seq of the first point (float64; the others follow +1 each)
 * 16          8n    timestamps in ms relative to the stream's baseTime (float64[n])
 * 16 + 8n     8n    values (float64[n])
 * </pre>
 *
 *
 * <p>Aggregates ({@code kind = 2}) carry each point's seq, since they are not consecutive:
 *
 * <pre>
 * offset      size  field
 * 0           1     kind = 2 (aggregate)
 * 1           1     version = 1
 * 2           2     stream index (uint16)
 * 4           4     n, number of points kept (uint32)
 * 8           8     firstSeq, the first seq the aggregate stands for (float64)
 * 16          8     lastSeq, the last seq it stands for (float64)
 * 24          1     reason: 1 = backfill, 2 = overflow
 * 25          7     zero
 * 32          8n    seqs (float64[n])
 * 32 + 8n     8n    timestamps in ms relative to baseTime (float64[n])
 * 32 + 16n    8n    values (float64[n])
 * </pre>
 *
 * <p>Stateless and thread-safe. The frame of a chunk, or of each frame-sized block of a larger chunk, is built
 * once and shared.
 */
public final class BinaryCodec extends MessageCodec {
    public static final int HEADER_BYTES = 16;
    public static final byte KIND_POINTS = 1;
    public static final byte VERSION = 1;
    public static final byte KIND_AGGREGATE = 2;
    public static final int AGGREGATE_HEADER_BYTES = 32;
    static final int BLOCKS_SLOT = 3;

    public BinaryCodec(int maxPointsPerFrame) {
        super(maxPointsPerFrame);
    }

    /** A float64 timestamp and a float64 value. */
    @Override
    public int bytesPerPoint() {
        return 16;
    }

    @Override
    public String mode() {
        return "seriesflow.bin.v1";
    }

    @Override
    public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
        Frame block = cachedBlock(slices, BLOCKS_SLOT, () -> encode(stream, slices));
        return block != null ? block : encode(stream, slices);
    }

    @Override
    public Frame aggregate(StreamDescriptor stream, PointAggregate aggregate, int from, int to) {
        int n = to - from;
        long[] covered = coveredRange(aggregate, from, to);
        ByteBuffer buffer = ByteBuffer.allocate(AGGREGATE_HEADER_BYTES + 24 * n).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(KIND_AGGREGATE).put(VERSION).putShort((short) stream.index()).putInt(n)
                .putDouble(covered[0]).putDouble(covered[1]).put((byte) aggregate.reason().code())
                .position(AGGREGATE_HEADER_BYTES);
        for (int i = from; i < to; i++) {
            buffer.putDouble(aggregate.seqAt(i));
        }
        long base = stream.baseTime();
        for (int i = from; i < to; i++) {
            buffer.putDouble(aggregate.timestampAt(i) - base);
        }
        for (int i = from; i < to; i++) {
            buffer.putDouble(aggregate.valueAt(i));
        }
        return Frame.binary(buffer.array());
    }

    private static Frame encode(StreamDescriptor stream, List<ChunkSlice> slices) {
        int n = slices.stream().mapToInt(ChunkSlice::size).sum();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(KIND_POINTS).put(VERSION).putShort((short) stream.index()).putInt(n)
                .putDouble(slices.get(0).firstSeq());
        long base = stream.baseTime();
        for (ChunkSlice slice : slices) {
            PointChunk chunk = slice.chunk();
            for (int i = slice.from(); i < slice.to(); i++) {
                buffer.putDouble(chunk.timestampAt(i) - base);
            }
        }
        for (ChunkSlice slice : slices) {
            PointChunk chunk = slice.chunk();
            for (int i = slice.from(); i < slice.to(); i++) {
                buffer.putDouble(chunk.valueAt(i));
            }
        }
        return Frame.binary(buffer.array());
    }
}
