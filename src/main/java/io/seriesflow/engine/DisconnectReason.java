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
    /** A send failed. */
    SEND_FAILED("send failed"),
    /** The client fell too far behind (a send in flight too long, or overflow under the close policy). */
    SLOW_CONSUMER("client too slow"),
    /** Nothing was heard from the client (not even a pong) within the idle timeout. */
    IDLE_TIMEOUT("idle timeout"),
    /** The server already has as many connections as allowed. */
    TOO_MANY_CONNECTIONS("too many connections"),
    /**
     * The client kept sending after its messages were refused for exceeding its rate, or sent more commands
     * than may wait. It should reconnect only after a pause.
     */
    TOO_MANY_REQUESTS("too many messages");

    private final String description;

    DisconnectReason(String description) {
        this.description = description;
    }

    /** Short text suitable as a close reason (well under 123 bytes). */
    public String description() {
        return description;
    }
}
