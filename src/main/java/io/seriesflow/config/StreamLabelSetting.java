package io.seriesflow.config;

import java.util.Objects;

/**
 * One stream's display name and unit from {@code seriesflow.stream-labels}. Immutable.
 *
 * @param stream the stream's name
 * @param displayName at most {@value #MAX_DISPLAY_NAME} characters, possibly empty
 * @param unit at most {@value #MAX_UNIT} characters, possibly empty
 */
public record StreamLabelSetting(String stream, String displayName, String unit) {
    /** As the engine's {@code StreamLabel} allows. */
    public static final int MAX_DISPLAY_NAME = 64;
    /** As the engine's {@code StreamLabel} allows. */
    public static final int MAX_UNIT = 16;

    /** @throws IllegalArgumentException when a field is too long or holds control characters */
    public StreamLabelSetting {
        Objects.requireNonNull(stream, "stream");
        check("display name", displayName, MAX_DISPLAY_NAME);
        check("unit", unit, MAX_UNIT);
    }

    private static void check(String field, String text, int max) {
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + field + " must have at most " + max
                    + " characters and no control characters");
        }
    }
}
