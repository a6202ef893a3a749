package io.seriesflow.engine;

import java.util.Objects;

/**
 * What identifies one life of a stream. Immutable.
 *
 * @param id the stream's name
 * @param index a small number, unique in this process, that binary frames use instead of the name
 * @param epoch changes whenever the stream's history is lost (a restart), so positions from before are void
 * @param baseTime epoch milliseconds that binary frames' timestamps are relative to
 */
public record StreamDescriptor(StreamId id, int index, String epoch, long baseTime) {
    public StreamDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(epoch, "epoch");
        if (index < 0 || index > 0xFFFF) {
            throw new IllegalArgumentException("stream index must fit 16 bits, was " + index);
        }
    }
}
