package io.seriesflow.engine;

import java.util.regex.Pattern;

/**
 * The validated name of a stream: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit,
 * at most 64 characters. Immutable.
 */
public record StreamId(String name) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public StreamId {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid stream name '" + name
                    + "': expected [a-z0-9][a-z0-9._-]{0,63}");
        }
    }

    public static StreamId of(String name) {
        return new StreamId(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
