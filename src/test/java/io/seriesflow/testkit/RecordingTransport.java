package io.seriesflow.testkit;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.FrameTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport that records every frame (binary ones as {@code bin:<length>}) and ping and, unless told to hold
 * sends, completes each send inline (before {@code send} returns), like a fast socket. Held sends wait until
 * the test completes them. Built with {@link #blocking}, it says it blocks while sending (the engine then sends
 * only from its send executor) and records the thread of every send. Thread-safe (synchronized), so concurrent
 * tests may share it.
 */
public final class RecordingTransport implements FrameTransport {
    private final String id;
    private final boolean blocking;
    private final List<String> frames = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<Thread> sendingThreads = new ArrayList<>();
    private final List<SendCompletion> held = new ArrayList<>();
    private boolean holdSends;
    private int maxInFlight;
    private int inFlight;
    private int pings;
    private DisconnectReason closedWith;
    private Runnable duringEachSend = () -> { };
    private RuntimeException closeFailure;

    public RecordingTransport(String id) {
        this(id, false);
    }

    private RecordingTransport(String id, boolean blocking) {
        this.id = id;
        this.blocking = blocking;
    }

    /** A transport that, like a blocking socket write, finishes every send before it returns. */
    public static RecordingTransport blocking(String id) {
        return new RecordingTransport(id, true);
    }

    /** Runs the action inside every send, before it completes (e.g. to let a fake clock pass the write's time). */
    public synchronized RecordingTransport duringEachSend(Runnable action) {
        duringEachSend = action;
        return this;
    }

    @Override
    public boolean blocksWhileSending() {
        return blocking;
    }

    /** From now on sends stay in flight until {@link #completeHeld} or {@link #failHeld}. */
    public synchronized RecordingTransport holdSends() {
        holdSends = true;
        return this;
    }

    @Override
    public void send(Frame frame, SendCompletion completion) {
        boolean completeNow;
        Runnable during;
        synchronized (this) {
            during = duringEachSend;
            frames.add(frame.isText() ? frame.text() : "bin:" + frame.binary().length);
            events.add(frames.get(frames.size() - 1));
            sendingThreads.add(Thread.currentThread());
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            completeNow = !holdSends;
            if (completeNow) {
                inFlight--;
            } else {
                held.add(completion);
            }
        }
        during.run();
        if (completeNow) {
            completion.completed(null);
        }
    }

    @Override
    public void ping(SendCompletion completion) {
        synchronized (this) {
            pings++;
            events.add("ping");
            sendingThreads.add(Thread.currentThread());
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

    /** From now on {@link #close} records the reason and then throws, like a socket that fails on close. */
    public synchronized RecordingTransport failOnClose(RuntimeException failure) {
        closeFailure = failure;
        return this;
    }

    @Override
    public synchronized void close(DisconnectReason reason) {
        if (closedWith == null) {
            closedWith = reason;
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    @Override
    public String id() {
        return id;
    }

    public synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    /** Every frame and ping ("ping"), in the order they were handed over. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The thread each send and ping ran on, in order. */
    public synchronized List<Thread> sendingThreads() {
        return List.copyOf(sendingThreads);
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
