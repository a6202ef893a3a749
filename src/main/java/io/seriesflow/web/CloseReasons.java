package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The one mapping from engine disconnect reasons to WebSocket close codes. The table is documented in
 * {@code docs/protocol.md}. Stateless.
 */
final class CloseReasons {
    private CloseReasons() {
    }

    static CloseReason of(DisconnectReason reason) {
        CloseReason.CloseCode code = switch (reason) {
            case SERVER_SHUTDOWN -> CloseCodes.GOING_AWAY;
            case CLIENT_CLOSED -> CloseCodes.NORMAL_CLOSURE;
            case SEND_FAILED -> CloseCodes.TRY_AGAIN_LATER;
        };
        return new CloseReason(code, reason.description());
    }
}
