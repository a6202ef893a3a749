package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.FrameTransport;
import io.seriesflow.protocol.SseCodec;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An asynchronous {@code text/event-stream} response seen as a {@link FrameTransport}: each frame is written with
 * Servlet non-blocking output and flushed; the send completes when the container has taken all of it, so a
 * client that stops reading keeps its send in flight until the engine's lag limit closes it. A ping is a comment
 * line. Closing writes a last {@code close} event when nothing is in flight and completes the response.
 *
 * <p>Thread-safe: the engine keeps at most one send in flight; the container's {@code onWritePossible} may run
 * at the same time as the sending thread, so writing is done by whichever thread holds the work counter (the
 * other one only asks for another pass), and no lock is held while writing.
 */
final class SseTransport implements FrameTransport, WriteListener {
    private static final System.Logger LOG = System.getLogger(SseTransport.class.getName());
    private static final byte[] HEARTBEAT = SseCodec.HEARTBEAT.getBytes(StandardCharsets.UTF_8);

    private final AsyncContext async;
    private final String id;
    private volatile ServletOutputStream out;
    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile byte[] unwritten;
    private volatile boolean unflushed;
    private volatile SendCompletion completion;
    private volatile Runnable onWritten = () -> { };
    private volatile Runnable onFailed = () -> { };

    SseTransport(AsyncContext async, String id) {
        this.async = async;
        this.id = id;
    }

    /**
     * Takes over the response's output, which from now on is written without blocking; called once, before the
     * engine sends anything.
     *
     * @param written called after each completed write (the only sign of life a client that never speaks gives)
     * @param failed called when the container reports the connection broken
     */
    void start(Runnable written, Runnable failed) throws IOException {
        this.onWritten = written;
        this.onFailed = failed;
        ServletOutputStream stream = async.getResponse().getOutputStream();
        out = stream;
        stream.setWriteListener(this);
    }

    @Override
    public void send(Frame frame, SendCompletion done) {
        write(frame.isText() ? frame.textUtf8() : frame.binary(), done);
    }

    @Override
    public void ping(SendCompletion done) {
        write(HEARTBEAT, done);
    }

    private void write(byte[] bytes, SendCompletion done) {
        if (closed.get() || out == null) {
            done.completed(new IOException("the event stream is closed"));
            return;
        }
        // The bytes first, the completion last: a pass on a container thread that sees the completion must also
        // see what it completes (a pass that sees only the bytes does nothing until the completion is set).
        unwritten = bytes;
        unflushed = true;
        completion = done;
        writeWhilePossible();
    }

    @Override
    public void onWritePossible() {
        writeWhilePossible();
    }

    /** Runs passes until no thread asked for another one meanwhile. */
    private void writeWhilePossible() {
        if (passes.getAndIncrement() != 0) {
            return;
        }
        int asked = 1;
        do {
            pass();
            asked = passes.addAndGet(-asked);
        } while (asked != 0);
    }

    /** Writes and flushes what is pending as far as the container takes it; completes the send when all went. */
    private void pass() {
        SendCompletion done = completion;
        if (done == null) {
            return;
        }
        try {
            byte[] bytes = unwritten;
            if (bytes != null) {
                if (!out.isReady()) {
                    return; // the container calls onWritePossible once it can take more
                }
                unwritten = null;
                out.write(bytes);
            }
            if (unflushed) {
                if (!out.isReady()) {
                    return;
                }
                unflushed = false;
                out.flush();
            }
            if (!out.isReady()) {
                return;
            }
        } catch (IOException | IllegalStateException e) {
            complete(done, e);
            return;
        }
        complete(done, null);
    }

    private void complete(SendCompletion done, Throwable failure) {
        completion = null;
        if (failure == null) {
            onWritten.run();
        }
        done.completed(failure);
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.DEBUG, "Event stream {0} failed: {1}", id, failure.toString());
        SendCompletion done = completion;
        if (done != null) {
            complete(done, failure);
        }
        onFailed.run();
    }

    /** Tells the client why (when nothing is in flight) and ends the response. Only the first call counts. */
    @Override
    public void close(DisconnectReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ServletOutputStream stream = out;
            if (stream != null && completion == null && reason != DisconnectReason.CLIENT_CLOSED
                    && stream.isReady()) {
                int code = CloseReasons.of(reason).getCloseCode().getCode();
                stream.write(SseCodec.closeEvent(code, reason.description()).text()
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone: there is nobody left to tell why.
            LOG.log(Level.DEBUG, "Telling event stream {0} why it ends failed: {1}", id, e.toString());
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // The container already ended the request (the connection broke).
            LOG.log(Level.TRACE, "Event stream {0} already complete: {1}", id, e.toString());
        }
    }

    @Override
    public String id() {
        return id;
    }
}
