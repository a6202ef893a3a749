package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.ClientConnection;
import io.seriesflow.engine.ClientCommand;
import io.seriesflow.engine.CommandDispatcher;
import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Stream;
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
 * {@link CommandDispatcher} carries out what the client asks, its {@link ClientConnection} queues, batches and
 * keeps one send in flight.
 */
@ServerEndpoint(value = "/ws", subprotocols = {"seriesflow.v1", "seriesflow.bin.v1"},
        configurator = StreamEndpointConfigurator.class)
public class StreamEndpoint {
    private static final System.Logger LOG = System.getLogger(StreamEndpoint.class.getName());

    private final RunningApplication application;
    private final ClientMessageParser parser = new ClientMessageParser();
    private WireMode mode = WireMode.COMPATIBLE;
    private ClientConnection connection;
    private CommandDispatcher dispatcher;
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
                application.settings().blockingSendTimeoutMillis(), application.tomcatTextWrites());
        int maxPointsPerFrame = application.settings().integer(Setting.MAX_POINTS_PER_FRAME);
        Optional<ClientConnection> accepted = application.hub().connect(transport, mode.codec(maxPointsPerFrame));
        if (accepted.isEmpty()) {
            transport.close(application.hub().isClosing() ? DisconnectReason.SERVER_SHUTDOWN
                    : DisconnectReason.TOO_MANY_CONNECTIONS);
            return;
        }
        connection = accepted.get();
        dispatcher = new CommandDispatcher(connection, application.hub(), application.inboundLimits(),
                application.clock(), application.hub().ticker());
        if (mode == WireMode.COMPATIBLE) {
            openCompatible(session);
        } else {
            connection.enqueueControl(JsonMessages.hello(mode.subprotocol(), application.hub().clientLimits(),
                    application.inboundLimits(), maxMessageBytes, maxPointsPerFrame,
                    application.hub().streams().limits().maxAggregateBuckets(), application.clock().millis()));
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
        ClientConnection subscriber = connection;
        application.hub().lookup(parameters.stream()).whenComplete((stream, failure) -> {
            if (failure != null) {
                transport.close(CloseReasons.of(DisconnectReason.SEND_FAILED));
            } else if (stream.isEmpty()) {
                transport.close(CloseReasons.refusal(CloseReasons.UNKNOWN_STREAM,
                        "no stream named '" + parameters.stream() + "'"));
            } else {
                subscriber.subscribe(stream.get(), parameters.resume());
            }
        });
    }

    @OnMessage
    public void onText(String text, Session session) {
        if (connection == null) {
            return;
        }
        connection.heardFrom();
        if (!dispatcher.admit()) {
            return;
        }
        if (mode == WireMode.COMPATIBLE) {
            LOG.log(Level.TRACE, "Session {0}: compatible mode ignores client messages", session.getId());
            return;
        }
        dispatcher.submit(parser.parseCommand(text));
    }

    @OnMessage
    public void onBinary(ByteBuffer bytes, Session session) {
        if (connection != null) {
            connection.heardFrom();
            if (dispatcher.admit()) {
                dispatcher.submit(new ClientCommand.Invalid("binary messages are not accepted"));
            }
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
