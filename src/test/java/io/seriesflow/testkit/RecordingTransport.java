package io.seriesflow.testkit;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.FrameTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport that records every frame and, unless told to hold sends, completes each send inline (before
 * {@code send} returns), like a fast socket. Held sends wait until the test completes them. Not thread-safe:
 * for single-threaded engine tests.
 */
public final class RecordingTransport implements FrameTransport {
    private final String id;
    private final List<String> frames = new ArrayList<>();
    private final List<SendCompletion> held = new ArrayList<>();
    private boolean holdSends;
    private int maxInFlight;
    private int inFlight;
    private DisconnectReason closedWith;

    public RecordingTransport(String id) {
        this.id = id;
    }

    /** From now on sends stay in flight until {@link #completeHeld} or {@link #failHeld}. */
    public RecordingTransport holdSends() {
        holdSends = true;
        return this;
    }

    @Override
    public void send(String frame, SendCompletion completion) {
        frames.add(frame);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (holdSends) {
            held.add(completion);
        } else {
            inFlight--;
            completion.completed(null);
        }
    }

    /** Completes the oldest held send successfully; returns false when none is held. */
    public boolean completeHeld() {
        if (held.isEmpty()) {
            return false;
        }
        inFlight--;
        held.remove(0).completed(null);
        return true;
    }

    /** Stops holding and completes every held send, including those started by completions. */
    public void release() {
        holdSends = false;
        while (completeHeld()) {
            // each completion may start the next send, which now completes inline
        }
    }

    public void failHeld(Throwable failure) {
        inFlight--;
        held.remove(0).completed(failure);
    }

    @Override
    public void close(DisconnectReason reason) {
        if (closedWith == null) {
            closedWith = reason;
        }
    }

    @Override
    public String id() {
        return id;
    }

    public List<String> frames() {
        return frames;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public int heldCount() {
        return held.size();
    }

    public DisconnectReason closedWith() {
        return closedWith;
    }
}
