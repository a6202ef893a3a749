package io.seriesflow.protocol;

/** A client message that cannot be understood; the message says why, fit for an {@code error} reply. */
public final class BadMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadMessageException(String message) {
        super(message);
    }
}
