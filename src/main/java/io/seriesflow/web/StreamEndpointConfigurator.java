package io.seriesflow.web;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Builds each {@link StreamEndpoint} with the running application, so the endpoint needs no injection and
 * behaves the same on every container, and negotiates no extension unless {@code seriesflow.websocket-compression}
 * is on: browsers offer {@code permessage-deflate}, which containers accept by default at several times the CPU
 * and memory per connection. Stateless.
 */
public class StreamEndpointConfigurator extends ServerEndpointConfig.Configurator {
    /** The session's user property holding the client's address, where known. */
    static final String PEER_PROPERTY = "io.seriesflow.peer";

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (!endpointClass.equals(StreamEndpoint.class)) {
            throw new InstantiationException("unexpected endpoint class " + endpointClass.getName());
        }
        try {
            return endpointClass.cast(new StreamEndpoint(ActiveApplication.require()));
        } catch (IllegalStateException e) {
            InstantiationException failure = new InstantiationException(e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Passes the client's address ({@link PeerAddressRequest}) to the session, where the container gives each
     * handshake a configuration of its own (Tomcat does); where the configuration is shared by all handshakes,
     * writing to it would race, so the address stays unknown there.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        if (!config.getClass().getSimpleName().contains("PerSession")) {
            return;
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (PeerAddressRequest.HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                config.getUserProperties().put(PEER_PROPERTY, header.getValue().get(0));
            }
        }
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        boolean compression = ActiveApplication.current().map(RunningApplication::compressionEnabled).orElse(false);
        return compression ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }
}
