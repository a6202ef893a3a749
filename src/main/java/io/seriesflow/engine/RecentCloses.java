package io.seriesflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few connections closed for one reason, newest first, for operators. Thread-safe: one monitor, held
 * only to add or copy.
 */
final class RecentCloses {
    private final int capacity;
    private final ArrayDeque<ClosedConnection> closes = new ArrayDeque<>();

    RecentCloses(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(ClosedConnection close) {
        closes.addFirst(close);
        while (closes.size() > capacity) {
            closes.removeLast();
        }
    }

    synchronized List<ClosedConnection> newestFirst() {
        return new ArrayList<>(closes);
    }
}
