package io.seriesflow.engine;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One named stream: assigns each published value the next sequence number and the current time, serialises
 * the point once and offers the frame to every subscribed {@link ClientQueue}.
 *
 * <p>Single writer: {@link #publish} must be called by one thread at a time (the stream's pump). Subscribing
 * and unsubscribing are thread-safe and may happen at any time; a new subscriber receives the points
 * published after it subscribed.
 */
public final class LiveStream {
    private final StreamId id;
    private final PointEncoder encoder;
    private final InstantSource clock;
    private final List<ClientQueue> subscribers = new CopyOnWriteArrayList<>();
    private volatile long lastSeq;

    public LiveStream(StreamId id, PointEncoder encoder, InstantSource clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Appends one value stamped with the clock's current time and fans it out; returns the point. */
    public Point publish(double value) {
        Point point = new Point(lastSeq + 1, clock.millis(), value);
        lastSeq = point.seq();
        String frame = encoder.encode(id, point);
        for (ClientQueue subscriber : subscribers) {
            subscriber.offer(frame);
        }
        return point;
    }

    public void subscribe(ClientQueue subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    public void unsubscribe(ClientQueue subscriber) {
        subscribers.remove(subscriber);
    }

    /** Closes every subscriber for the given reason and forgets them. */
    public void disconnectAll(DisconnectReason reason) {
        for (ClientQueue subscriber : subscribers) {
            subscriber.close(reason);
        }
        subscribers.clear();
    }

    public StreamId id() {
        return id;
    }

    /** The sequence number of the last published point, 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
