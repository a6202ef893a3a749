package io.seriesflow.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The publishes of the last {@code windowMillis} by idempotency key, at most {@code capacity} of them (the oldest
 * are forgotten first): a retry with a key seen in the window gets the first publish's outcome instead of
 * publishing again. Keys are per stream. Timing is on the monotonic ticker.
 *
 * <p>Thread-safe (its monitor guards the map).
 */
final class IdempotencyWindow {
    private final int capacity;
    private final long windowNanos;
    private final Ticker ticker;
    private final LinkedHashMap<Key, Remembered> publishes = new LinkedHashMap<>();

    IdempotencyWindow(int capacity, long windowMillis, Ticker ticker) {
        if (capacity < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("an idempotency window needs a positive capacity and length");
        }
        this.capacity = capacity;
        this.windowNanos = windowMillis * 1_000_000L;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * The outcome remembered for the key, or the one {@code publish} starts now (remembered unless it fails: a
     * failed publish applied nothing and may be retried).
     */
    PendingPublish publishOnce(StreamId stream, String key, Supplier<PendingPublish> publish) {
        Key id = new Key(stream, key);
        PendingPublish fresh;
        synchronized (this) {
            forgetExpired();
            Remembered known = publishes.get(id);
            if (known != null) {
                return known.outcome;
            }
            fresh = publish.get();
            publishes.put(id, new Remembered(fresh, ticker.nanos()));
            if (publishes.size() > capacity) {
                Iterator<Key> oldest = publishes.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        fresh.whenComplete((result, failure) -> {
            if (failure != null) {
                forget(id, fresh);
            }
        });
        return fresh;
    }

    private synchronized void forget(Key id, PendingPublish outcome) {
        Remembered known = publishes.get(id);
        if (known != null && known.outcome == outcome) {
            publishes.remove(id);
        }
    }

    private void forgetExpired() {
        long now = ticker.nanos();
        Iterator<Map.Entry<Key, Remembered>> it = publishes.entrySet().iterator();
        while (it.hasNext() && now - it.next().getValue().sinceNanos > windowNanos) {
            it.remove();
        }
    }

    synchronized int size() {
        return publishes.size();
    }

    private record Key(StreamId stream, String key) {
    }

    private record Remembered(PendingPublish outcome, long sinceNanos) {
    }
}
