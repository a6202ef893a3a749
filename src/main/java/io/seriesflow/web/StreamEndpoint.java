package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.ClientConnection;
import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Resume;
import io.seriesflow.engine.Stream;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.SubscriptionLimitException;
import io.seriesflow.protocol.BadMessageException;
import io.seriesflow.protocol.ClientMessage;
import io.seriesflow.protocol.ClientMessageParser;
import io.seriesflow.protocol.JsonMessages;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code /ws}: without a subprotocol, streams one stream one point per text frame (the compatible mode); with
 * {@code seriesflow.v1} or {@code seriesflow.bin.v1}, speaks the message protocol of {@code docs/protocol.md}.
 *
 * <p>One instance per connection, built by {@link StreamEndpointConfigurator}. A thin adapter: the engine's
 * {@link ClientConnection} queues, batches and keeps one send in flight.
 */
@ServerEndpoint(value = "/ws", subprotocols = {"seriesflow.v1", "seriesflow.bin.v1"},
        configurator = StreamEndpointConfigurator.class)
public class StreamEndpoint {
    private static final System.Logger LOG = System.getLogger(StreamEndpoint.class.getName());

    private final RunningApplication application;
    private final ClientMessageParser parser = new ClientMessageParser();
    private WireMode mode = WireMode.COMPATIBLE;
    private ClientConnection connection;
    private SessionTransport transport;

    /** For containers that build the endpoint themselves instead of asking the configurator. */
    public StreamEndpoint() {
        this(ActiveApplication.require());
    }

    StreamEndpoint(RunningApplication application) {
        this.application = application;
    }

    @OnOpen
    public void onOpen(Session session) {
        int maxMessageBytes = application.settings().integer(Setting.MAX_MESSAGE_BYTES);
        session.setMaxTextMessageBufferSize(maxMessageBytes);
        session.setMaxBinaryMessageBufferSize(maxMessageBytes);
        mode = WireMode.of(session.getNegotiatedSubprotocol());
        transport = SessionTransport.open(session, application.sendMode(),
                application.settings().blockingSendTimeoutMillis());
        Optional<ClientConnection> accepted = application.hub().connect(transport,
                mode.codec(application.settings().integer(Setting.MAX_POINTS_PER_FRAME)));
        if (accepted.isEmpty()) {
            transport.close(application.hub().isClosing() ? DisconnectReason.SERVER_SHUTDOWN
                    : DisconnectReason.TOO_MANY_CONNECTIONS);
            return;
        }
        connection = accepted.get();
        if (mode == WireMode.COMPATIBLE) {
            openCompatible(session);
        } else {
            connection.enqueueControl(JsonMessages.hello(mode.subprotocol(), application.hub().clientLimits(),
                    maxMessageBytes, application.settings().integer(Setting.MAX_POINTS_PER_FRAME),
                    application.clock().millis()));
        }
        LOG.log(Level.DEBUG, "Session {0} opened in {1} mode", session.getId(), mode);
    }

    private void openCompatible(Session session) {
        HandshakeParameters parameters;
        try {
            parameters = HandshakeParameters.parse(session.getRequestParameterMap());
        } catch (IllegalArgumentException e) {
            transport.close(CloseReasons.refusal(CloseReasons.BAD_REQUEST, e.getMessage()));
            return;
        }
        Optional<Stream> stream = application.hub().streams().find(parameters.stream());
        if (stream.isEmpty()) {
            transport.close(CloseReasons.refusal(CloseReasons.UNKNOWN_STREAM,
                    "no stream named '" + parameters.stream() + "'"));
            return;
        }
        connection.subscribe(stream.get(), parameters.resume());
    }

    @OnMessage
    public void onText(String text, Session session) {
        if (connection == null) {
            return;
        }
        connection.heardFrom();
        if (mode == WireMode.COMPATIBLE) {
            LOG.log(Level.TRACE, "Session {0}: compatible mode ignores client messages", session.getId());
            return;
        }
        try {
            handle(parser.parse(text));
        } catch (BadMessageException e) {
            connection.enqueueControl(JsonMessages.error("bad-message", e.getMessage(), null));
        }
    }

    private void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Subscribe subscribe) {
            subscribe(subscribe.stream(), new Resume(subscribe.since(),
                    subscribe.since().isPresent() ? subscribe.epoch() : Optional.empty()));
        } else if (message instanceof ClientMessage.Time) {
            connection.enqueueControl(JsonMessages.time(application.clock().millis()));
        } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
            String name = unsubscribe.stream().name();
            connection.enqueueControl(connection.unsubscribe(unsubscribe.stream())
                    ? JsonMessages.unsubscribed(name)
                    : JsonMessages.error("not-subscribed", "not subscribed to '" + name + "'", name));
        }
    }

    private void subscribe(StreamId id, Resume resume) {
        Optional<Stream> stream = application.hub().streams().find(id);
        if (stream.isEmpty()) {
            connection.enqueueControl(JsonMessages.error("unknown-stream", "no stream named '" + id + "'",
                    id.name()));
            return;
        }
        try {
            if (!connection.subscribe(stream.get(), resume)) {
                connection.enqueueControl(JsonMessages.error("already-subscribed",
                        "already subscribed to '" + id + "'", id.name()));
            }
        } catch (SubscriptionLimitException e) {
            connection.enqueueControl(JsonMessages.error("subscription-limit", e.getMessage(), id.name()));
        }
    }

    @OnMessage
    public void onBinary(ByteBuffer bytes, Session session) {
        if (connection != null) {
            connection.heardFrom();
            connection.enqueueControl(JsonMessages.error("bad-message", "binary messages are not accepted", null));
        }
    }

    @OnMessage
    public void onPong(PongMessage pong, Session session) {
        if (connection != null) {
            connection.heardFrom();
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (connection != null && !transport.leaveCloseToBlockedSend(reason)) {
            connection.close(DisconnectReason.CLIENT_CLOSED);
        }
        LOG.log(Level.DEBUG, "Session {0} closed: {1}", session.getId(), reason);
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.DEBUG, "Session {0}: {1}", session == null ? "?" : session.getId(), failure.toString());
    }
}
