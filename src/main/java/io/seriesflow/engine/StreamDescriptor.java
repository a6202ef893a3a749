package io.seriesflow.engine;

import java.util.Objects;

/**
 * What identifies one life of a stream, and how it is shown. Immutable.
 *
 * @param id the stream's name
 * @param index a small number, unique in this process, that binary frames use instead of the name
 * @param epoch changes whenever the stream's history is lost (a restart), so positions from before are void
 * @param baseTime epoch milliseconds that binary frames' timestamps are relative to
 * @param label its display name and unit, as configured or last published
 */
public record StreamDescriptor(StreamId id, int index, String epoch, long baseTime, StreamLabel label) {
    public StreamDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(label, "label");
        if (index < 0 || index > 0xFFFF) {
            throw new IllegalArgumentException("stream index must fit 16 bits, was " + index);
        }
    }

    /** A stream without display name or unit. */
    public StreamDescriptor(StreamId id, int index, String epoch, long baseTime) {
        this(id, index, epoch, baseTime, StreamLabel.NONE);
    }

    /** The same life of the stream with another epoch (its label kept). */
    public StreamDescriptor withEpoch(String newEpoch) {
        return new StreamDescriptor(id, index, newEpoch, baseTime, label);
    }

    /** The same life of the stream, shown with another label. */
    public StreamDescriptor withLabel(StreamLabel newLabel) {
        return new StreamDescriptor(id, index, epoch, baseTime, newLabel);
    }
}
