package io.seriesflow.engine;

/**
 * Limits and sizes for streams. Immutable.
 *
 * @param historyPoints points each stream retains at most
 * @param historyAgeMillis points older than this (by timestamp) are evicted from history
 * @param maxStreams streams that may exist at once
 * @param createOnPublish whether publishing to an unknown name creates the stream
 * @param replayChunkPoints points per chunk when history is replayed
 */
public record StreamLimits(int historyPoints, long historyAgeMillis, int maxStreams, boolean createOnPublish,
                           int replayChunkPoints) {
    public StreamLimits {
        if (historyPoints < 1 || historyAgeMillis < 1 || maxStreams < 1 || maxStreams > 0xFFFF
                || replayChunkPoints < 1) {
            throw new IllegalArgumentException("stream limits out of range");
        }
    }
}
