package io.seriesflow.engine;

/**
 * One WebSocket message, text or binary (exactly one of the two is non-null). Immutable; the byte array is
 * never modified once a frame holds it, so one frame may be sent to many clients.
 */
public record Frame(String text, byte[] binary) {
    public Frame {
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("a frame is either text or binary");
        }
    }

    public static Frame text(String text) {
        return new Frame(text, null);
    }

    public static Frame binary(byte[] bytes) {
        return new Frame(null, bytes);
    }

    public boolean isText() {
        return text != null;
    }

    /** The payload's size on the wire, in bytes (for text, its length in chars: exact for ASCII, a floor otherwise). */
    public int byteCount() {
        return text != null ? text.length() : binary.length;
    }
}
