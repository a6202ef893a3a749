package io.seriesflow.web;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Builds each {@link StreamEndpoint} with the running application, so the endpoint needs no injection and
 * behaves the same on every container, and negotiates no extension unless {@code seriesflow.websocket-compression}
 * is on: browsers offer {@code permessage-deflate}, which containers accept by default at several times the CPU
 * and memory per connection. Stateless.
 */
public class StreamEndpointConfigurator extends ServerEndpointConfig.Configurator {
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

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        boolean compression = ActiveApplication.current().map(RunningApplication::compressionEnabled).orElse(false);
        return compression ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }
}
