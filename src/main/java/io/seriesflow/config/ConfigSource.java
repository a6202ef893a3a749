package io.seriesflow.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One place a setting can come from, by name. Immutable.
 *
 * @param name shown in error messages ("environment variable", "system property", ...)
 * @param lookup returns the raw value or {@code null}
 * @param keyOf the name this source uses for a setting
 */
public record ConfigSource(String name, Function<String, String> lookup, Function<Setting, String> keyOf) {
    public ConfigSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(keyOf, "keyOf");
    }

    public static ConfigSource environment(Map<String, String> environment) {
        return new ConfigSource("environment variable", environment::get, Setting::environmentVariable);
    }

    public static ConfigSource systemProperties(Function<String, String> properties) {
        return new ConfigSource("system property", properties, Setting::key);
    }

    public static ConfigSource contextParameters(Function<String, String> parameters) {
        return new ConfigSource("context parameter", parameters, Setting::key);
    }

    /** The raw value for the setting, if this source has a non-blank one. */
    Optional<String> find(Setting setting) {
        String value = lookup.apply(keyOf.apply(setting));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
