package io.seriesflow.protocol;

/**
 * A dataset that cannot be used. The message names the file and, where there is one, the position: the
 * element index and the line and column in the file.
 */
public final class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
