package io.seriesflow.protocol;

import io.seriesflow.engine.Frame;
import io.seriesflow.engine.GapReason;
import io.seriesflow.engine.OutboundCodec;
import io.seriesflow.engine.StreamDescriptor;
import io.seriesflow.engine.StreamState;
import java.util.Optional;

/**
 * The control messages shared by {@code seriesflow.v1} and {@code seriesflow.bin.v1}: JSON text frames from
 * {@link JsonMessages}. Subclasses encode points. Stateless.
 */
abstract class MessageCodec implements OutboundCodec {
    private final int maxPointsPerFrame;

    MessageCodec(int maxPointsPerFrame) {
        this.maxPointsPerFrame = maxPointsPerFrame;
    }

    @Override
    public final int maxPointsPerFrame() {
        return maxPointsPerFrame;
    }

    @Override
    public final Optional<Frame> subscribed(StreamDescriptor stream, StreamState state) {
        return Optional.of(JsonMessages.subscribed(stream, state));
    }

    @Override
    public final Optional<Frame> gap(StreamDescriptor stream, long from, long to, GapReason reason) {
        return Optional.of(JsonMessages.gap(stream, from, to, reason));
    }

    @Override
    public final Optional<Frame> reset(StreamDescriptor stream, String previousEpoch) {
        return Optional.of(JsonMessages.reset(stream, previousEpoch));
    }
}
