package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.FrameTransport;
import io.seriesflow.engine.SendTimedOutException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket session seen as a {@link FrameTransport}: text and binary sends, pings and close, either
 * asynchronous or blocking (see {@link SendMode}). Thread-safe as far as the container's session is; the engine
 * keeps at most one send or ping in flight.
 */
final class SessionTransport implements FrameTransport {
    /** Tomcat's session property for the time limit of a blocking send, in ms (a {@code Long}). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /**
     * Tomcat's session property for how long, in ms (a {@code Long}), a session the server closed waits for the
     * client's close frame before the connection is dropped (30 s by default, checked by Tomcat's periodic
     * background task): a client that floods messages and never answers the close would otherwise keep being read.
     */
    static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";
    static final long SESSION_CLOSE_TIMEOUT_MILLIS = 2_000;

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[] {'s', 'f'}).asReadOnlyBuffer();
    private static final int IDLE = 0;
    private static final int WRITING = 1;
    private static final int ABORTED_WHILE_WRITING = 2;

    private final Session session;
    private final boolean blocking;
    private final long sendTimeoutMillis;
    /** Whether a blocking send is writing, and whether the container gave up on the session meanwhile. */
    private final AtomicInteger blockingSend = new AtomicInteger(IDLE);

    /** The client's address where the handshake passed it on, else empty. */
    private final String peer;

    /** Tomcat's write of pre-encoded text, for blocking sends where it was found; else null (sendText). */
    private final TomcatTextWriter textWriter;

    private SessionTransport(Session session, boolean blocking, long sendTimeoutMillis, TomcatTextWriter textWriter) {
        this.session = session;
        this.textWriter = textWriter;
        this.peer = session.getUserProperties().get(StreamEndpointConfigurator.PEER_PROPERTY) instanceof String p
                ? p : "";
        this.blocking = blocking;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    /**
     * @param sendTimeoutMillis the time limit of a blocking send, for each piece Tomcat writes and for the whole
     *                          frame (unused for asynchronous sends: the engine's lag check bounds those, and a
     *                          container send timeout would cost per frame)
     * @param textWrites finds Tomcat's write of pre-encoded text for blocking text sends, where the container is a
     *                   Tomcat that has it; empty with {@code seriesflow.tomcat-text-writes=off}
     */
    static SessionTransport open(Session session, SendMode mode, long sendTimeoutMillis,
                                 Optional<TomcatTextWriter.Finder> textWrites) {
        session.getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, SESSION_CLOSE_TIMEOUT_MILLIS);
        boolean blocking = mode == SendMode.BLOCKING;
        if (blocking) {
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeoutMillis);
        }
        TomcatTextWriter writer = blocking
                ? textWrites.flatMap(finder -> finder.writerFor(session)).orElse(null) : null;
        return new SessionTransport(session, blocking, sendTimeoutMillis, writer);
    }

    @Override
    public boolean blocksWhileSending() {
        return blocking;
    }

    @Override
    public void send(Frame frame, SendCompletion completion) {
        if (blocking) {
            sendBlocking(frame, completion);
        } else if (frame.isText()) {
            session.getAsyncRemote().sendText(frame.text(), result -> completion.completed(result.isOK() ? null
                    : result.getException()));
        } else {
            session.getAsyncRemote().sendBinary(ByteBuffer.wrap(frame.binary()),
                    result -> completion.completed(result.isOK() ? null : result.getException()));
        }
    }

    private void sendBlocking(Frame frame, SendCompletion completion) {
        completion.completed(writeBlocking(frame));
    }

    /**
     * Writes with the basic remote; returns null or the failure. Tomcat's time limit applies to each piece it
     * writes (a text frame larger than its buffer goes out in several), so a write that took longer than the
     * limit in total also counts as timed out: a client that reads too slowly to take one frame in that time is
     * too slow, even if it never stops.
     */
    private Throwable writeBlocking(Frame frameOrPing) {
        Throwable failure = null;
        long started = System.nanoTime();
        blockingSend.set(WRITING);
        try {
            write(frameOrPing);
        } catch (IOException | IllegalStateException e) {
            failure = describe(e);
        }
        boolean aborted = blockingSend.getAndSet(IDLE) == ABORTED_WHILE_WRITING;
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        if (failure == null && tookMillis > sendTimeoutMillis) {
            failure = new SendTimedOutException("writing one frame took " + tookMillis + " ms", null);
        } else if (failure == null && aborted) {
            failure = new IOException("the container closed the session while the frame was written");
        }
        return failure;
    }

    /** Writes the frame (null: a ping) before it returns; no object per frame on this path. */
    private void write(Frame frameOrPing) throws IOException {
        if (frameOrPing == null) {
            session.getBasicRemote().sendPing(PING_PAYLOAD.duplicate());
        } else if (frameOrPing.isText() && textWriter != null) {
            textWriter.send(frameOrPing.textUtf8());
        } else if (frameOrPing.isText()) {
            session.getBasicRemote().sendText(frameOrPing.text());
        } else {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(frameOrPing.binary()));
        }
    }

    /**
     * Called when the container reports the session closed. When it closed it abnormally (1006) while a blocking
     * send was writing, it gave up on that write (Tomcat does so when the send timeout passes, before the send
     * returns): returns true, and the send's completion reports why, so the client is counted as too slow
     * rather than as having left.
     */
    boolean leaveCloseToBlockedSend(CloseReason reason) {
        return reason.getCloseCode().getCode() == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()
                && blockingSend.compareAndSet(WRITING, ABORTED_WHILE_WRITING);
    }

    @Override
    public void ping(SendCompletion completion) {
        if (blocking) {
            // Written like a frame, with the same time limit.
            completion.completed(writeBlocking(null));
            return;
        }
        try {
            // Called only when no frame is in flight, so the socket has room and this returns at once.
            session.getAsyncRemote().sendPing(PING_PAYLOAD.duplicate());
            completion.completed(null);
        } catch (IOException | IllegalStateException e) {
            completion.completed(describe(e));
        }
    }

    /** A send that failed because it ran out of time becomes a {@link SendTimedOutException}. */
    private static Throwable describe(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return new SendTimedOutException("the client did not read within the send timeout", failure);
            }
        }
        return failure;
    }

    @Override
    public void close(DisconnectReason reason) {
        close(CloseReasons.of(reason));
    }

    void close(CloseReason reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException e) {
            // The peer is already gone or the session is closing; there is nobody left to tell.
            LOG.log(Level.DEBUG, "Closing session {0} ({1}) failed: {2}", session.getId(), reason, e.toString());
        }
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public String peer() {
        return peer;
    }
}
