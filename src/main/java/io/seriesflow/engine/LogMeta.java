package io.seriesflow.engine;

import java.util.Objects;

/**
 * What a stream's log says about it. Immutable.
 *
 * @param stream the stream
 * @param epoch the current life of the stream's history
 * @param firstSeq oldest retained point (0 when nothing is retained)
 * @param lastSeq newest point ever appended in this epoch (0 before the first)
 * @param baseTime epoch milliseconds that binary frames' timestamps are relative to
 * @param label the display name and unit publishes stored with the stream (configuration may add to it)
 */
public record LogMeta(StreamId stream, String epoch, long firstSeq, long lastSeq, long baseTime,
                      StreamLabel label) {
    public LogMeta {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(label, "label");
    }

    /** Without a stored label. */
    public LogMeta(StreamId stream, String epoch, long firstSeq, long lastSeq, long baseTime) {
        this(stream, epoch, firstSeq, lastSeq, baseTime, StreamLabel.NONE);
    }

    /** Points retained, assuming the retained seqs are contiguous. */
    public long retained() {
        return firstSeq == 0 ? 0 : lastSeq - firstSeq + 1;
    }
}
