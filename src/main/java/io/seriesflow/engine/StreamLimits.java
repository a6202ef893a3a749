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
 * @param maxAggregateBuckets most buckets a backfill or an aggregated read may ask for (at most four points each)
 */
public record StreamLimits(int historyPoints, long historyAgeMillis, int maxStreams, boolean createOnPublish,
                           long maxFutureMillis, boolean publishToSources, int maxAggregateBuckets) {
    /** What {@code seriesflow.max-aggregate-buckets} defaults to. */
    public static final int DEFAULT_AGGREGATE_BUCKETS = 8_192;

    public StreamLimits {
        if (historyPoints < 1 || historyAgeMillis < 1 || maxStreams < 1 || maxStreams > 0xFFFF
                || maxFutureMillis < 0 || maxAggregateBuckets < 1) {
            throw new IllegalArgumentException("stream limits out of range");
        }
    }

    /** With the default bucket limit. */
    public StreamLimits(int historyPoints, long historyAgeMillis, int maxStreams, boolean createOnPublish,
                        long maxFutureMillis, boolean publishToSources) {
        this(historyPoints, historyAgeMillis, maxStreams, createOnPublish, maxFutureMillis, publishToSources,
                DEFAULT_AGGREGATE_BUCKETS);
    }
}
