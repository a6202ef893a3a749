package io.seriesflow.engine;

/**
 * What connections of one wire mode were sent since start. Immutable.
 *
 * @param frames frames whose send completed (points, replies, notices, pings)
 * @param bytes their payloads' bytes
 * @param points the points they carried
 */
public record SentTotals(long frames, long bytes, long points) {
}
