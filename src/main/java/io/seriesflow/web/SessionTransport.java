package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.FrameTransport;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * A WebSocket session seen as a {@link FrameTransport}: asynchronous text sends and close. Thread-safe as far
 * as the container's session is; the engine keeps at most one send in flight.
 */
final class SessionTransport implements FrameTransport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void send(String frame, SendCompletion completion) {
        session.getAsyncRemote().sendText(frame, result -> completion.completed(result.isOK() ? null
                : result.getException()));
    }

    @Override
    public void close(DisconnectReason reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(CloseReasons.of(reason));
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
