package io.seriesflow.engine;

import java.util.List;

/** What a connection's {@link OutboundQueue} hands to the sender next. Immutable. */
sealed interface Outgoing {
    /** A ready frame: a reply, a notice or a gap. */
    record Control(Frame frame) implements Outgoing {
    }

    /**
     * Consecutive points of one subscription, to be encoded outside the queue's lock.
     *
     * @param endsReplay true when these are the last points of the subscription's replay
     * @param appliedNanos when the stream applied the oldest of them (ticker time), or 0 for replayed points
     */
    record Points(Subscription subscription, List<ChunkSlice> slices, boolean endsReplay, long appliedNanos)
            implements Outgoing {
        /** The number of points. */
        int size() {
            int size = 0;
            for (ChunkSlice slice : slices) {
                size += slice.size();
            }
            return size;
        }
    }

    /**
     * Points {@code from} (inclusive) to {@code to} (exclusive) of an M4 aggregate of one subscription.
     *
     * @param endsReplay true when this is the last part of the subscription's backfill
     */
    record Aggregate(Subscription subscription, PointAggregate aggregate, int from, int to, boolean endsReplay)
            implements Outgoing {
    }

    /** A protocol-level ping. */
    record Ping() implements Outgoing {
        static final Ping INSTANCE = new Ping();
    }
}
