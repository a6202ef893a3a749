package io.seriesflow.engine;

/**
 * Limits and sizes for streams. Immutable.
 *
 * @param historyPoints points each stream retains at most
 * @param historyAgeMillis points older than this (by timestamp) are evicted from history
 * @param maxStreams streams that may exist at once
 * @param createOnPublish whether publishing to an unknown name creates the stream
 * @param maxFutureMillis how far ahead of the server's clock a published timestamp may be
 * @param publishToSources whether clients may publish into streams that a source of the server feeds
 */
public record StreamLimits(int historyPoints, long historyAgeMillis, int maxStreams, boolean createOnPublish,
                           long maxFutureMillis, boolean publishToSources) {
    public StreamLimits {
        if (historyPoints < 1 || historyAgeMillis < 1 || maxStreams < 1 || maxStreams > 0xFFFF
                || maxFutureMillis < 0) {
            throw new IllegalArgumentException("stream limits out of range");
        }
    }
}
