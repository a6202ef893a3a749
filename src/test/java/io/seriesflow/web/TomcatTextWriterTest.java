package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tomcat's write of pre-encoded text, through a real Tomcat and a real WebSocket client. */
class TomcatTextWriterTest {
    private Tomcat tomcat;

    /** Answers each message by writing its text back through {@link TomcatTextWriter}, or "none" without one. */
    public static final class EchoThroughWriter extends Endpoint {
        private static final TomcatTextWriter.Finder FINDER = new TomcatTextWriter.Finder();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(1 << 20);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    var writer = FINDER.writerFor(session);
                    if (writer.isPresent()) {
                        writer.get().send(text.getBytes(StandardCharsets.UTF_8));
                    } else {
                        session.getBasicRemote().sendText("none");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Registers the echo endpoint at /echo once Tomcat's WebSocket container is there. */
    public static final class Registration implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(EchoThroughWriter.class, "/echo").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void startTomcat() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "embedded-tomcat", "writer-" + System.nanoTime()));
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toAbsolutePath().toString());
        context.addServletContainerInitializer(new WsSci(), null);
        context.addApplicationListener(Registration.class.getName());
        // A request reaches Tomcat's WebSocket filter only when some servlet maps it.
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
    }

    @AfterEach
    void stopTomcat() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void tomcatWritesTheBytesAsOneWholeTextMessage() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/echo"),
                        new WholeMessages(received))
                .get(10, TimeUnit.SECONDS);
        String large = "{\"values\":[" + "12.5,".repeat(20_000) + "0]}"; // far beyond Tomcat's 8 KiB buffer
        for (String text : List.of("{\"unit\":\"°C\",\"name\":\"Température ✓\"}", large, "")) {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            String echoed = received.poll(10, TimeUnit.SECONDS);
            assertTrue(text.equals(echoed), () -> "sent " + text.length() + " chars, got back "
                    + (echoed == null ? "nothing" : echoed.length() + " chars: "
                    + echoed.substring(0, Math.min(80, echoed.length()))));
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void compressedWherePermessageDeflateWasNegotiated() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .extensions(List.of(new OfferedExtension("permessage-deflate"))).build();
        Endpoint client = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig ignored) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }
        };
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(1 << 20);
        try (Session session = container.connectToServer(client, config,
                URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/echo"))) {
            assertEquals(List.of("permessage-deflate"), session.getNegotiatedExtensions().stream()
                    .map(Extension::getName).toList(), "the extension was negotiated");
            String text = "{\"name\":\"Température ✓\",\"values\":[" + "21.5,".repeat(5_000) + "0]}";
            session.getBasicRemote().sendText(text);
            String echoed = received.poll(10, TimeUnit.SECONDS);
            assertTrue(text.equals(echoed), () -> "sent " + text.length() + " chars, got back "
                    + (echoed == null ? "nothing" : echoed.length() + " chars"));
        }
    }

    @Test
    void anotherContainersSessionHasNoWriter() {
        RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> null);
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) ->
                        method.getName().equals("getBasicRemote") ? remote : null);
        assertTrue(new TomcatTextWriter.Finder().writerFor(session).isEmpty(),
                "not Tomcat: the standard sendText is used");
    }

    /** Collects whole text messages (the JDK client hands them over in parts). */
    private static final class WholeMessages implements WebSocket.Listener {
        private final BlockingQueue<String> received;
        private final StringBuilder current = new StringBuilder();

        WholeMessages(BlockingQueue<String> received) {
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            current.append(data);
            if (last) {
                received.add(current.toString());
                current.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    /** An extension a client offers, without parameters. */
    private record OfferedExtension(String getName) implements Extension {
        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }
    }
}
