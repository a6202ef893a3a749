package io.seriesflow.engine;

import java.util.Optional;

/**
 * The stream log cannot be reached. Nothing was applied, unless {@link #retryKey()} is present: then the log
 * may have applied the publish before the connection broke, and a retry with that idempotency key applies it at
 * most once.
 */
public final class LogUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String retryKey;

    public LogUnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public LogUnavailableException(String message, String retryKey, Throwable cause) {
        super(message, cause);
        this.retryKey = retryKey;
    }

    /** The idempotency key to retry with when the outcome is unknown. */
    public Optional<String> retryKey() {
        return Optional.ofNullable(retryKey);
    }
}
