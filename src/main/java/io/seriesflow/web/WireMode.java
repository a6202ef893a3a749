package io.seriesflow.web;

import io.seriesflow.engine.OutboundCodec;
import io.seriesflow.protocol.BinaryCodec;
import io.seriesflow.protocol.CompatibleCodec;
import io.seriesflow.protocol.JsonCodec;

/** The three ways a client can speak to {@code /ws}, chosen by the negotiated subprotocol. */
enum WireMode {
    /** No subprotocol: one point per text frame, stream and resume from the query string. */
    COMPATIBLE(""),
    /** {@code seriesflow.v1}: JSON messages, batches of points, several streams per connection. */
    JSON_V1("seriesflow.v1"),
    /** {@code seriesflow.bin.v1}: as v1, with points in binary frames. */
    BINARY_V1("seriesflow.bin.v1");

    private final String subprotocol;

    WireMode(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    String subprotocol() {
        return subprotocol;
    }

    static WireMode of(String negotiatedSubprotocol) {
        for (WireMode mode : values()) {
            if (mode.subprotocol.equals(negotiatedSubprotocol == null ? "" : negotiatedSubprotocol)) {
                return mode;
            }
        }
        return COMPATIBLE;
    }

    OutboundCodec codec(int maxPointsPerFrame) {
        return switch (this) {
            case COMPATIBLE -> new CompatibleCodec();
            case JSON_V1 -> new JsonCodec(maxPointsPerFrame);
            case BINARY_V1 -> new BinaryCodec(maxPointsPerFrame);
        };
    }
}
