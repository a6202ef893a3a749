package io.seriesflow.engine;

import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Which of this node's sources may publish now. With a shared log each source stream runs on exactly one node at
 * a time, the holder of its lease; in a node of its own every source always runs.
 *
 * <p>Implementations are thread-safe.
 */
public interface SourceLeases extends AutoCloseable {
    /** Whether this node may publish into the stream from its source now. */
    boolean holds(StreamId stream);

    /**
     * Starts acquiring and renewing the leases of the streams on the scheduler; {@code acquired} is called
     * each time this node takes a stream's lease over (it should continue the stream where it stands).
     */
    void start(Collection<StreamId> streams, ScheduledExecutorService scheduler, Consumer<StreamId> acquired);

    /** Leases this node holds now, for operators. */
    Collection<StreamId> held();

    /** Gives every lease up. */
    @Override
    void close();

    /** Every source runs here, always: a node without a shared log. */
    static SourceLeases local() {
        return new SourceLeases() {
            private volatile Collection<StreamId> streams = java.util.List.of();

            @Override
            public boolean holds(StreamId stream) {
                return true;
            }

            @Override
            public void start(Collection<StreamId> all, ScheduledExecutorService scheduler,
                              Consumer<StreamId> acquired) {
                streams = java.util.List.copyOf(all);
            }

            @Override
            public Collection<StreamId> held() {
                return streams;
            }

            @Override
            public void close() {
                // Nothing is held anywhere but here.
            }
        };
    }
}
