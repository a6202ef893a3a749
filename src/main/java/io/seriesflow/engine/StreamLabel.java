package io.seriesflow.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * How a stream is shown: a display name (empty: show its name) and the unit of its values (empty: none), e.g.
 * "Server room temperature" and "°C". Immutable.
 *
 * @param displayName at most {@value #MAX_DISPLAY_NAME} characters, no control characters
 * @param unit at most {@value #MAX_UNIT} characters, no control characters
 */
public record StreamLabel(String displayName, String unit) {
    /** Longest display name, in characters. */
    public static final int MAX_DISPLAY_NAME = 64;
    /** Longest unit, in characters. */
    public static final int MAX_UNIT = 16;
    /** No display name, no unit. */
    public static final StreamLabel NONE = new StreamLabel("", "");

    /** @throws IllegalArgumentException naming the field and the rule it breaks */
    public StreamLabel {
        check("displayName", displayName, MAX_DISPLAY_NAME);
        check("unit", unit, MAX_UNIT);
    }

    private static void check(String field, String text, int max) {
        Objects.requireNonNull(text, field);
        if (text.length() > max) {
            throw new IllegalArgumentException(field + " has " + text.length() + " characters; at most " + max);
        }
        if (text.chars().anyMatch(Character::isISOControl) || !text.strip().equals(text)) {
            throw new IllegalArgumentException(field + " may not hold control characters or start or end with "
                    + "a space");
        }
    }

    /** This label with each field the change gives replaced. */
    public StreamLabel with(Change change) {
        return new StreamLabel(change.displayName().orElse(displayName), change.unit().orElse(unit));
    }

    /** Each field of this label, or the fallback's where this one is empty. */
    public StreamLabel orElse(StreamLabel fallback) {
        return new StreamLabel(displayName.isEmpty() ? fallback.displayName : displayName,
                unit.isEmpty() ? fallback.unit : unit);
    }

    /**
     * What a publish changes of a stream's label: each present field replaces the stored one (an empty string
     * clears it); absent fields stay. Immutable.
     */
    public record Change(Optional<String> displayName, Optional<String> unit) {
        /** Changes nothing. */
        public static final Change NONE = new Change(Optional.empty(), Optional.empty());

        /** @throws IllegalArgumentException when a given field breaks the label's rules */
        public Change {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(unit, "unit");
            new StreamLabel(displayName.orElse(""), unit.orElse(""));
        }

        public boolean isEmpty() {
            return displayName.isEmpty() && unit.isEmpty();
        }
    }
}
