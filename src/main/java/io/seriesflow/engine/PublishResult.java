package io.seriesflow.engine;

/** The sequence numbers a publish was given. Immutable. */
public record PublishResult(StreamDescriptor stream, long firstSeq, long lastSeq) {
    public long count() {
        return lastSeq - firstSeq + 1;
    }
}
