package io.seriesflow.config;

/** A configuration value that cannot be used; the message names the setting, its source and the rule. */
public final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
