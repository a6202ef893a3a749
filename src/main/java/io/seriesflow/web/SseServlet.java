package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.engine.ClientCommand;
import io.seriesflow.engine.ClientConnection;
import io.seriesflow.engine.CommandDispatcher;
import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.Frame;
import io.seriesflow.engine.StreamId;
import io.seriesflow.protocol.JsonMessages;
import io.seriesflow.protocol.SseCodec;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /sse?streams=a,b}: the {@code seriesflow.v1} messages as Server-Sent Events, for clients behind
 * proxies that strip {@code Upgrade} and for clients that speak only HTTP. One request is one engine
 * connection with the same limits, Origin rules and per-client queue as a WebSocket client; the streams are
 * subscribed as a {@code seriesflow.v1} client would subscribe to them, resuming from {@code Last-Event-ID}.
 * Refusals (bad parameters, unknown stream, Origin, too many connections) are problem bodies before the stream
 * starts. A thin adapter: {@link SseTransport} writes, the engine does the rest.
 */
@WebServlet(urlPatterns = "/sse", asyncSupported = true)
public class SseServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(SseServlet.class.getName());
    /** How long a request waits for the shared stream log to say whether its streams exist. */
    private static final long LOOKUP_WAIT_SECONDS = 5;
    /** How long {@code EventSource} waits before reconnecting by itself after the stream ends. */
    static final long RETRY_MILLIS = 1_000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            RunningApplication application = ActiveApplication.orUnavailable();
            allowOrigin(application, request, response);
            SseRequest asked = SseRequest.of(request, application.settings().integer(Setting.MAX_SUBSCRIPTIONS));
            requireStreams(application, asked);
            stream(application, asked, request, response);
        } catch (ProblemException e) {
            Problems.send(response, e.problem());
        }
    }

    /**
     * The WebSocket's Origin rule: a browser page from an origin that is not allowed gets 403. An allowed page
     * from another origin is told so by CORS, which {@code EventSource} (unlike WebSocket) requires.
     */
    private static void allowOrigin(RunningApplication application, HttpServletRequest request,
                                    HttpServletResponse response) throws ProblemException {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return;
        }
        if (!AllowedOrigins.of(application.settings().allowedOrigins()).allows(origin, request.getHeader("Host"))) {
            throw new ProblemException(Problems.Type.ORIGIN_NOT_ALLOWED, "origin '" + CloseReasons.fit(origin)
                    + "' may not open this event stream; see seriesflow.allowed-origins");
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Vary", "Origin");
    }

    private static void requireStreams(RunningApplication application, SseRequest asked) throws ProblemException {
        for (StreamId stream : asked.streams()) {
            boolean exists;
            try {
                exists = application.hub().lookup(stream).get(LOOKUP_WAIT_SECONDS, TimeUnit.SECONDS).isPresent();
            } catch (ExecutionException | TimeoutException e) {
                throw new ProblemException(Problems.Type.UNAVAILABLE, "the stream log did not answer in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProblemException(Problems.Type.UNAVAILABLE, "interrupted");
            }
            if (!exists) {
                throw new ProblemException(Problems.Type.UNKNOWN_STREAM, "no stream named '" + stream + "'");
            }
        }
    }

    private static void stream(RunningApplication application, SseRequest asked, HttpServletRequest request,
                               HttpServletResponse response) throws IOException {
        int maxPointsPerFrame = application.settings().integer(Setting.MAX_POINTS_PER_FRAME);
        SseCodec codec = new SseCodec(maxPointsPerFrame, asked.resumedFrom());
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the engine's lag, idle and ping checks bound the connection
        SseTransport transport = new SseTransport(async, "sse-" + request.getRemoteAddr() + ":"
                + request.getRemotePort());
        Optional<ClientConnection> accepted = application.hub().connect(transport, codec);
        if (accepted.isEmpty()) {
            refuse(async, response, application.hub().isClosing() ? "the server is shutting down"
                    : "this node has as many connections as allowed (seriesflow.max-connections)");
            return;
        }
        ClientConnection connection = accepted.get();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
        async.addListener(new Ended(connection));
        transport.start(connection::heardFrom, () -> connection.close(DisconnectReason.CLIENT_CLOSED));
        connection.enqueueControl(hello(application, maxPointsPerFrame));
        CommandDispatcher dispatcher = new CommandDispatcher(connection, application.hub(),
                application.inboundLimits(), application.clock(), application.hub().ticker());
        for (StreamId stream : asked.streams()) {
            dispatcher.submit(new ClientCommand.Subscribe(stream, asked.resumedFrom().resumeOf(stream)));
        }
        LOG.log(Level.DEBUG, "Event stream {0} opened for {1}", transport.id(), asked.streams());
    }

    /** The first event: {@code hello} as a v1 client gets it, and how long {@code EventSource} waits to reconnect. */
    private static Frame hello(RunningApplication application, int maxPointsPerFrame) {
        return SseCodec.event(JsonMessages.hello("seriesflow.v1", application.hub().clientLimits(),
                application.inboundLimits(), application.settings().integer(Setting.MAX_MESSAGE_BYTES),
                maxPointsPerFrame, application.clock().millis()), RETRY_MILLIS);
    }

    /** 503 before the stream starts: the client may try again shortly (Retry-After). */
    private static void refuse(AsyncContext async, HttpServletResponse response, String detail) throws IOException {
        try {
            response.setHeader("Retry-After", "1");
            Problems.send(response, Problems.Type.UNAVAILABLE, detail);
        } finally {
            async.complete();
        }
    }

    /** The container ended the response (the client went away, or an error): the connection closes. */
    private record Ended(ClientConnection connection) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            connection.close(DisconnectReason.CLIENT_CLOSED);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            connection.close(DisconnectReason.IDLE_TIMEOUT);
        }

        /** Completing here keeps the container from dispatching the broken response to the error page. */
        @Override
        public void onError(AsyncEvent event) {
            connection.close(DisconnectReason.CLIENT_CLOSED);
            try {
                event.getAsyncContext().complete();
            } catch (IllegalStateException e) {
                // Already completed by the connection's close: nothing left to end.
                LOG.log(Level.TRACE, "Event stream already complete: {0}", e.toString());
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not restarted: one connection per request.
        }
    }
}
