package io.seriesflow.testkit;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.FrameTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport that records every frame (binary ones as {@code bin:<length>}) and ping and, unless told to hold
 * sends, completes each send inline (before {@code send} returns), like a fast socket. Held sends wait until
 * the test completes them. Thread-safe (synchronized), so concurrent tests may share it.
 */
public final class RecordingTransport implements FrameTransport {
    private final String id;
    private final List<String> frames = new ArrayList<>();
    private final List<SendCompletion> held = new ArrayList<>();
    private boolean holdSends;
    private int maxInFlight;
    private int inFlight;
    private int pings;
    private DisconnectReason closedWith;

    public RecordingTransport(String id) {
        this.id = id;
    }

    /** From now on sends stay in flight until {@link #completeHeld} or {@link #failHeld}. */
    public synchronized RecordingTransport holdSends() {
        holdSends = true;
        return this;
    }

    @Override
    public void send(Frame frame, SendCompletion completion) {
        boolean completeNow;
        synchronized (this) {
            frames.add(frame.isText() ? frame.text() : "bin:" + frame.binary().length);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            completeNow = !holdSends;
            if (completeNow) {
                inFlight--;
            } else {
                held.add(completion);
            }
        }
        if (completeNow) {
            completion.completed(null);
        }
    }

    @Override
    public void ping(SendCompletion completion) {
        synchronized (this) {
            pings++;
        }
        completion.completed(null);
    }

    /** Completes the oldest held send successfully; returns false when none is held. */
    public boolean completeHeld() {
        SendCompletion completion;
        synchronized (this) {
            if (held.isEmpty()) {
                return false;
            }
            inFlight--;
            completion = held.remove(0);
        }
        completion.completed(null);
        return true;
    }

    /** Stops holding and completes every held send, including those started by completions. */
    public void release() {
        synchronized (this) {
            holdSends = false;
        }
        while (completeHeld()) {
            // each completion may start the next send, which now completes inline
        }
    }

    public void failHeld(Throwable failure) {
        SendCompletion completion;
        synchronized (this) {
            inFlight--;
            completion = held.remove(0);
        }
        completion.completed(failure);
    }

    @Override
    public synchronized void close(DisconnectReason reason) {
        if (closedWith == null) {
            closedWith = reason;
        }
    }

    @Override
    public String id() {
        return id;
    }

    public synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    public synchronized int pings() {
        return pings;
    }

    public synchronized DisconnectReason closedWith() {
        return closedWith;
    }
}
