package io.seriesflow.engine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where streams' points are ordered and kept: the port between the engine and its storage. An append assigns
 * contiguous seqs and checks timestamps atomically, at the log; every node that follows a stream receives its
 * entries in seq order and applies them to its local {@link Stream} (cache and fan-out). {@link InMemoryStreamLog}
 * is this node's memory (the embedded default); a shared log lets many nodes serve the same streams.
 *
 * <p>Implementations are thread-safe.
 */
public interface StreamLog extends AutoCloseable {
    /** "memory" or the shared log's kind, for operators. */
    String kind();

    /**
     * Appends the batch to the stream, creating the stream when allowed. The result may be withdrawn
     * ({@link PendingPublish#cancel}) until the log starts it.
     *
     * @param idempotencyKey when present, a retry with the same key within the log's window returns the first
     *                       result and applies nothing again
     * @return completes with the seqs given, or fails with {@link TimestampOrderException},
     *         {@link UnknownStreamException}, {@link StreamLimitException} or {@link LogUnavailableException}
     *         (nothing applied)
     */
    default PendingPublish append(StreamId stream, PointBatch batch, Optional<String> idempotencyKey) {
        return append(stream, batch, idempotencyKey, StreamLabel.Change.NONE);
    }

    /**
     * As {@link #append(StreamId, PointBatch, Optional)}, and, in the same atomic step, changes the fields of the
     * stream's stored label that {@code label} gives (nothing when the append is refused).
     */
    PendingPublish append(StreamId stream, PointBatch batch, Optional<String> idempotencyKey,
                          StreamLabel.Change label);

    /** Creates the stream if the log does not have it (a source's stream, at start); its metadata either way. */
    CompletableFuture<LogMeta> create(StreamId stream);

    /**
     * Appends one point stamped now from a source of this node, without waiting; a failure is logged (the next
     * tick tries again).
     */
    void appendFromSource(StreamId stream, double value);

    /** Retained points from seq {@code fromSeq} on, at most {@code maxPoints}, as entries in seq order. */
    CompletableFuture<List<LogEntry>> read(StreamId stream, long fromSeq, int maxPoints);

    /** The stream's metadata, or empty when the log has no such stream. */
    CompletableFuture<Optional<LogMeta>> meta(StreamId stream);

    /** Every stream the log holds. */
    CompletableFuture<List<LogMeta>> list();

    /**
     * Starts feeding the local stream: its retained history, then every new entry, in seq order, through
     * {@link Stream#offer}; the stream is ready once the history is in. A log in memory feeds its streams as it
     * appends, so this does nothing there.
     */
    void follow(Stream stream);

    /** Stops feeding the local stream. */
    void unfollow(Stream stream);

    /** Whether the log answers now, and what it last failed with. */
    LogHealth health();

    @Override
    void close();

    /**
     * The log's reachability for operators and readiness checks. Immutable.
     *
     * @param roundTripNanos how long the last command to a shared log took to answer, or -1 (none yet, or a log
     *                       in this node's memory)
     * @param followLagMillis how old the last entry this node read from a shared log was when it read it (by the
     *                        log's clock), or -1
     */
    record LogHealth(boolean reachable, String lastError, long roundTripNanos, long followLagMillis) {
        /** A log without timings (in this node's memory). */
        public LogHealth(boolean reachable, String lastError) {
            this(reachable, lastError, -1, -1);
        }
    }
}
