package io.seriesflow.protocol;

import io.seriesflow.engine.Point;
import io.seriesflow.engine.PointEncoder;
import io.seriesflow.engine.StreamId;

/**
 * The compatible mode's text frame, one point per frame: {@code {"seq":<n>,"ts":<epoch ms>,"value":<v>}}.
 * A superset of the original demo's {@code {"value": v}}, so clients written for it keep working.
 *
 * <p>Stateless and thread-safe. Written by hand rather than through a JSON builder because it runs once per
 * point on the stream's writer thread and the shape is fixed; values are finite, so {@link Double#toString}
 * always yields a valid JSON number.
 */
public final class CompatibleFrameEncoder implements PointEncoder {
    @Override
    public String encode(StreamId stream, Point point) {
        return new StringBuilder(64)
                .append("{\"seq\":").append(point.seq())
                .append(",\"ts\":").append(point.timestamp())
                .append(",\"value\":").append(point.value())
                .append('}')
                .toString();
    }
}
