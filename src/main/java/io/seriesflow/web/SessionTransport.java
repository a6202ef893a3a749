package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.FrameTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * A WebSocket session seen as a {@link FrameTransport}: asynchronous text and binary sends, pings and close.
 * Thread-safe as far as the container's session is; the engine keeps at most one send or ping in flight.
 */
final class SessionTransport implements FrameTransport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[] {'s', 'f'}).asReadOnlyBuffer();

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void send(Frame frame, SendCompletion completion) {
        if (frame.isText()) {
            session.getAsyncRemote().sendText(frame.text(), result -> completion.completed(result.isOK() ? null
                    : result.getException()));
        } else {
            session.getAsyncRemote().sendBinary(ByteBuffer.wrap(frame.binary()),
                    result -> completion.completed(result.isOK() ? null : result.getException()));
        }
    }

    @Override
    public void ping(SendCompletion completion) {
        try {
            // Called only when no frame is in flight, so the socket has room and this returns at once.
            session.getAsyncRemote().sendPing(PING_PAYLOAD.duplicate());
            completion.completed(null);
        } catch (IOException | IllegalStateException e) {
            completion.completed(e);
        }
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
}
