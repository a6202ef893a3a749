package io.seriesflow.testkit;

import io.seriesflow.engine.ChunkSlice;
import io.seriesflow.engine.CommandError;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.OutboundCodec;
import io.seriesflow.engine.PointAggregate;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamState;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A codec whose frames are easy to assert on: {@code points demo 3,4,5}, {@code gap demo 1-2 overflow},
 * {@code reset demo}, {@code subscribed demo last=5}, {@code unsubscribed demo}, {@code error rate-limited demo},
 * {@code time 1000000}, {@code aggregate demo overflow 1-10 1,4,7,10}. A point counts one byte against a queue's
 * budget. Stateless.
 */
public final class FakeCodec implements OutboundCodec {
    private final int maxPointsPerFrame;

    public FakeCodec(int maxPointsPerFrame) {
        this.maxPointsPerFrame = maxPointsPerFrame;
    }

    @Override
    public int maxPointsPerFrame() {
        return maxPointsPerFrame;
    }

    @Override
    public int bytesPerPoint() {
        return 1;
    }

    @Override
    public Frame points(StreamDescriptor stream, List<ChunkSlice> slices) {
        StringJoiner seqs = new StringJoiner(",");
        for (ChunkSlice slice : slices) {
            for (long seq = slice.firstSeq(); seq <= slice.lastSeq(); seq++) {
                seqs.add(Long.toString(seq));
            }
        }
        return Frame.text("points " + stream.id() + " " + seqs);
    }

    @Override
    public int maxAggregatePointsPerFrame() {
        return Integer.MAX_VALUE;
    }

    /** {@code aggregate demo overflow 1-10 1,4,7,10}: the reason, the seqs it stands for and the seqs kept. */
    @Override
    public Frame aggregate(StreamDescriptor stream, PointAggregate aggregate, int from, int to) {
        StringJoiner seqs = new StringJoiner(",");
        for (int i = from; i < to; i++) {
            seqs.add(Long.toString(aggregate.seqAt(i)));
        }
        return Frame.text("aggregate " + stream.id() + " " + aggregate.reason().wireName() + " "
                + aggregate.firstSeq() + "-" + aggregate.lastSeq() + " " + seqs);
    }

    @Override
    public Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
        return Optional.of(Frame.text("subscribed " + stream.id() + " last=" + state.lastSeq()));
    }

    @Override
    public Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return Optional.of(Frame.text("gap " + stream.id() + " " + from + "-" + to + " " + reason.wireName()));
    }

    @Override
    public Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
        return Optional.of(Frame.text("reset " + stream.id()));
    }

    @Override
    public Optional<Frame> unsubscribed(StreamId stream) {
        return Optional.of(Frame.text("unsubscribed " + stream));
    }

    @Override
    public Optional<Frame> error(CommandError error, String message, StreamId stream) {
        return Optional.of(Frame.text("error " + error.wireName() + (stream == null ? "" : " " + stream)));
    }

    @Override
    public Optional<Frame> time(long serverTimeMillis) {
        return Optional.of(Frame.text("time " + serverTimeMillis));
    }

    /** The sequence numbers in a {@code points} frame, or none for other frames. */
    public static List<Long> seqs(String frame) {
        if (!frame.startsWith("points ")) {
            return List.of();
        }
        String list = frame.substring(frame.lastIndexOf(' ') + 1);
        return java.util.Arrays.stream(list.split(",")).map(Long::valueOf).toList();
    }
}
