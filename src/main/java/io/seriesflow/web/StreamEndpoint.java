package io.seriesflow.web;

import io.seriesflow.engine.ClientQueue;
import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.LiveStream;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;

/**
 * {@code /ws}: streams the demo stream to the client, one point per text frame
 * ({@code {"seq":n,"ts":ms,"value":v}}). Messages from the client are ignored in this mode.
 *
 * <p>One instance per connection, built by {@link StreamEndpointConfigurator}. A thin adapter: the client's
 * {@link ClientQueue} does the queueing and keeps one send in flight.
 */
@ServerEndpoint(value = "/ws", configurator = StreamEndpointConfigurator.class)
public class StreamEndpoint {
    private static final System.Logger LOG = System.getLogger(StreamEndpoint.class.getName());

    private final RunningApplication application;
    private LiveStream stream;
    private ClientQueue queue;

    /** For containers that build the endpoint themselves instead of asking the configurator. */
    public StreamEndpoint() {
        this(ActiveApplication.require());
    }

    StreamEndpoint(RunningApplication application) {
        this.application = application;
    }

    @OnOpen
    public void onOpen(Session session) {
        session.getAsyncRemote().setSendTimeout(application.settings().sendTimeout().toMillis());
        SessionTransport transport = new SessionTransport(session);
        queue = new ClientQueue(transport, application.settings().clientQueueFrames(), failure -> {
            LOG.log(Level.DEBUG, "Session {0}: send failed, closing: {1}", session.getId(), failure.toString());
            transport.close(DisconnectReason.SEND_FAILED);
        });
        stream = application.demoStream();
        stream.subscribe(queue);
        LOG.log(Level.DEBUG, "Session {0} subscribed to {1}", session.getId(), stream.id());
    }

    @OnMessage
    public void onMessage(String text, Session session) {
        LOG.log(Level.TRACE, "Session {0}: ignored a {1}-character message", session.getId(), text.length());
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (stream != null) {
            stream.unsubscribe(queue);
            queue.close(DisconnectReason.CLIENT_CLOSED);
        }
        LOG.log(Level.DEBUG, "Session {0} closed: {1}", session.getId(), reason);
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.DEBUG, "Session {0}: {1}", session == null ? "?" : session.getId(), failure.toString());
    }
}
