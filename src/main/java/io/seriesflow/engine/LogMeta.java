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
 */
public record LogMeta(StreamId stream, String epoch, long firstSeq, long lastSeq, long baseTime) {
    public LogMeta {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(epoch, "epoch");
    }

    /** Points retained, assuming the retained seqs are contiguous. */
    public long retained() {
        return firstSeq == 0 ? 0 : lastSeq - firstSeq + 1;
    }
}
