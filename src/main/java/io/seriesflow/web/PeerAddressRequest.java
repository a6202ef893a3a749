package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A WebSocket handshake request that carries the client's address (as the container saw it) in the
 * {@value #HEADER} header, replacing any such header the client sent: the WebSocket API shows the endpoint no
 * address, but the handshake's headers reach {@link StreamEndpointConfigurator#modifyHandshake}. Immutable.
 */
final class PeerAddressRequest extends HttpServletRequestWrapper {
    static final String HEADER = "X-Seriesflow-Peer";

    private final String peer;

    PeerAddressRequest(HttpServletRequest request) {
        super(request);
        this.peer = request.getRemoteAddr() == null ? "" : request.getRemoteAddr();
    }

    @Override
    public String getHeader(String name) {
        return HEADER.equalsIgnoreCase(name) ? peer : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(peer)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        Enumeration<String> original = super.getHeaderNames();
        while (original != null && original.hasMoreElements()) {
            String name = original.nextElement();
            if (!HEADER.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(HEADER);
        return Collections.enumeration(names);
    }
}
