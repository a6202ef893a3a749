package io.seriesflow.engine;

import java.util.Objects;

/** The sequence numbers a publish was given, in the stream's epoch. Immutable. */
public record PublishResult(StreamId stream, String epoch, long firstSeq, long lastSeq) {
    public PublishResult {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(epoch, "epoch");
    }

    public long count() {
        return lastSeq - firstSeq + 1;
    }
}
