package io.seriesflow.web;

import io.seriesflow.engine.DisconnectReason;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The one mapping from engine disconnect reasons and adapter refusals to WebSocket close codes. The table is
 * documented in {@code docs/protocol.md} and kept in step by a test. Stateless.
 */
final class CloseReasons {
    /** Terminal: the request (query string) is invalid; reconnecting with the same one fails again. */
    static final int BAD_REQUEST = 4400;
    /** Terminal: the stream asked for does not exist. */
    static final int UNKNOWN_STREAM = 4404;
    /** Reconnect and resume: the client fell too far behind. */
    static final int SLOW_CONSUMER = 4008;
    /** Reconnect: nothing was heard from the client within the idle timeout. */
    static final int IDLE_TIMEOUT = 4001;
    /** Reconnect after a pause: the client sent messages faster than allowed and did not slow down. */
    static final int TOO_MANY_REQUESTS = 4029;

    private CloseReasons() {
    }

    static CloseReason of(DisconnectReason reason) {
        CloseReason.CloseCode code = switch (reason) {
            case SERVER_SHUTDOWN -> CloseCodes.GOING_AWAY;
            case CLIENT_CLOSED -> CloseCodes.NORMAL_CLOSURE;
            case SEND_FAILED -> CloseCodes.UNEXPECTED_CONDITION;
            case SLOW_CONSUMER -> CloseCodes.getCloseCode(SLOW_CONSUMER);
            case IDLE_TIMEOUT -> CloseCodes.getCloseCode(IDLE_TIMEOUT);
            case TOO_MANY_CONNECTIONS -> CloseCodes.TRY_AGAIN_LATER;
            case TOO_MANY_REQUESTS -> CloseCodes.getCloseCode(TOO_MANY_REQUESTS);
        };
        return new CloseReason(code, reason.description());
    }

    /** A refusal at open time, with a reason cut to fit a close frame (123 bytes). */
    static CloseReason refusal(int code, String reason) {
        return new CloseReason(CloseCodes.getCloseCode(code), fit(reason));
    }

    static String fit(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
