package io.seriesflow.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One WebSocket message, text or binary. A text frame also holds its UTF-8 encoding, made once when the frame is
 * built, so a transport that can write bytes does not encode the same text again for every client. Immutable;
 * the byte arrays are never modified once a frame holds them, so one frame may be sent to many clients.
 */
public final class Frame {
    private final String text;
    /** The text's UTF-8 bytes, or the binary payload. */
    private final byte[] bytes;

    private Frame(String text, byte[] bytes) {
        this.text = text;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    public static Frame text(String text) {
        return new Frame(Objects.requireNonNull(text, "text"), text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame binary(byte[] bytes) {
        return new Frame(null, bytes);
    }

    public boolean isText() {
        return text != null;
    }

    /** The text of a text frame, else null. */
    public String text() {
        return text;
    }

    /** The payload of a binary frame, else null. */
    public byte[] binary() {
        return text == null ? bytes : null;
    }

    /** The text of a text frame in UTF-8 (not to be modified), else null. */
    public byte[] textUtf8() {
        return text != null ? bytes : null;
    }

    /** The payload's size on the wire, in bytes (before any compression). */
    public int byteCount() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame && Objects.equals(text, frame.text) && Arrays.equals(bytes, frame.bytes);
    }

    @Override
    public int hashCode() {
        return text != null ? text.hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text != null ? "Frame[text=" + text + "]" : "Frame[binary, " + bytes.length + " bytes]";
    }
}
