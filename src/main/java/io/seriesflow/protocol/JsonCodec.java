package io.seriesflow.protocol;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.PointChunk;
import io.seriesflow.engine.StreamDescriptor;
import java.util.List;

/**
 * {@code seriesflow.v1}: JSON text frames. Points go out in batches,
 * {@code {"type":"points","stream":s,"epoch":e,"points":[[seq,ts,value],...]}}.
 *
 * <p>Stateless and thread-safe. The frame of a chunk, or of each frame-sized block of a larger chunk, is built
 * once and shared by every client that receives exactly that; a batch of several chunks is assembled from each
 * chunk's cached point list.
 */
public final class JsonCodec extends MessageCodec {
    static final int BLOCKS_SLOT = 1;
    static final int POINTS_SLOT = 2;

    /** {@code [seq,ts,value],} with a 10-digit seq, a ms timestamp and a value of up to 17 digits. */
    static final int BYTES_PER_POINT = 48;

    public JsonCodec(int maxPointsPerFrame) {
        super(maxPointsPerFrame);
    }

    @Override
    public int bytesPerPoint() {
        return BYTES_PER_POINT;
    }

    @Override
    public String mode() {
        return "seriesflow.v1";
    }

    @Override
    public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
        Frame block = cachedBlock(slices, BLOCKS_SLOT, () -> Frame.text(frame(stream, List.of(
                slices.get(0).isWhole() ? pointList(slices.get(0).chunk()) : encode(slices.get(0))))));
        if (block != null) {
            return block;
        }
        List<String> parts = slices.stream()
                .map(slice -> slice.isWhole() ? pointList(slice.chunk()) : encode(slice))
                .toList();
        return Frame.text(frame(stream, parts));
    }

    /**
     * {@code {"type":"aggregate","stream":s,"epoch":e,"reason":r,"firstSeq":a,"lastSeq":b,"points":[[seq,ts,value],
     * ...]}}: the points kept of seqs {@code a..b}.
     */
    @Override
    public Frame aggregate(StreamDescriptor stream, PointAggregate aggregate, int from, int to) {
        long[] covered = coveredRange(aggregate, from, to);
        StringBuilder json = new StringBuilder(160 + (to - from) * 40)
                .append("{\"type\":\"aggregate\",\"stream\":\"").append(stream.id().name())
                .append("\",\"epoch\":\"").append(aggregate.stream().epoch())
                .append("\",\"reason\":\"").append(aggregate.reason().wireName()).append("\",\"firstSeq\":")
                .append(covered[0]).append(",\"lastSeq\":").append(covered[1]).append(",\"points\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            json.append('[').append(aggregate.seqAt(i)).append(',').append(aggregate.timestampAt(i)).append(',')
                    .append(aggregate.valueAt(i)).append(']');
        }
        return Frame.text(json.append("]}").toString());
    }

    private static String pointList(PointChunk chunk) {
        return chunk.cached(POINTS_SLOT, () -> encode(ChunkSlice.whole(chunk)));
    }

    private static String frame(StreamDescriptor stream, List<String> pointLists) {
        int length = 64 + pointLists.stream().mapToInt(String::length).sum();
        StringBuilder json = new StringBuilder(length).append("{\"type\":\"points\",\"stream\":\"")
                .append(stream.id().name()).append("\",\"epoch\":\"").append(stream.epoch())
                .append("\",\"points\":[");
        for (int i = 0; i < pointLists.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(pointLists.get(i));
        }
        return json.append("]}").toString();
    }

    /** {@code [seq,ts,value],[seq,ts,value]} without the enclosing brackets. */
    private static String encode(ChunkSlice slice) {
        PointChunk chunk = slice.chunk();
        StringBuilder json = new StringBuilder(slice.size() * 40);
        for (int i = slice.from(); i < slice.to(); i++) {
            if (i > slice.from()) {
                json.append(',');
            }
            json.append('[').append(chunk.firstSeq() + i).append(',').append(chunk.timestampAt(i)).append(',')
                    .append(chunk.valueAt(i)).append(']');
        }
        return json.toString();
    }
}
