package io.seriesflow.engine;

/**
 * Why the engine ends a client connection. The web layer maps each reason to a WebSocket close code;
 * see {@code docs/protocol.md}.
 */
public enum DisconnectReason {
    /** The server is stopping or the application is being undeployed. Clients should reconnect later. */
    SERVER_SHUTDOWN("server shutting down"),
    /** The client closed the connection; nothing is sent. */
    CLIENT_CLOSED("client closed"),
    /** A send failed or did not complete in time. */
    SEND_FAILED("send failed or timed out");

    private final String description;

    DisconnectReason(String description) {
        this.description = description;
    }

    /** Short text suitable as a close reason (well under 123 bytes). */
    public String description() {
        return description;
    }
}
