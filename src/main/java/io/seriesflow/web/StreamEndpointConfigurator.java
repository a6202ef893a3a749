package io.seriesflow.web;

import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Builds each {@link StreamEndpoint} with the running application, so the endpoint needs no injection and
 * behaves the same on every container. Stateless.
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
}
