package io.seriesflow.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application's validated configuration. Immutable.
 *
 * @param tickInterval interval between two points of the demo stream
 * @param dataset file the demo stream replays; empty for the bundled dataset
 * @param clientQueueFrames frames a client may have waiting while a send is in flight
 * @param sendTimeout time after which an incomplete send closes the client
 * @param origins where each value came from, for the info API and logs
 */
public record Settings(Duration tickInterval, Optional<String> dataset, int clientQueueFrames,
                       Duration sendTimeout, Map<Setting, String> origins) {

    public Settings {
        origins = Map.copyOf(origins);
    }

    /** All defaults. */
    public static Settings defaults() {
        return read(List.of());
    }

    /**
     * Reads every setting from the first source that has it, else its default, and validates it.
     *
     * @param sources in order of precedence, highest first
     * @throws InvalidSettingException naming the setting and source of the first bad value
     */
    public static Settings read(List<ConfigSource> sources) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        Map<Setting, String> origins = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            raw.put(setting, setting.defaultValue());
            origins.put(setting, "default");
            for (ConfigSource source : sources) {
                Optional<String> value = source.find(setting);
                if (value.isPresent()) {
                    raw.put(setting, value.get());
                    origins.put(setting, source.name() + " " + source.keyOf().apply(setting));
                    break;
                }
            }
        }
        return new Settings(
                Duration.ofMillis(number(Setting.TICK_INTERVAL_MS, raw, origins)),
                Optional.of(raw.get(Setting.DATASET)).filter(path -> !path.isBlank()),
                (int) number(Setting.CLIENT_QUEUE_FRAMES, raw, origins),
                Duration.ofMillis(number(Setting.SEND_TIMEOUT_MS, raw, origins)),
                origins);
    }

    private static long number(Setting setting, Map<Setting, String> raw, Map<Setting, String> origins) {
        String text = raw.get(setting);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting.key() + " from " + origins.get(setting) + ": '" + text
                    + "' is not a whole number of " + setting.unit());
        }
        if (value < setting.min() || value > setting.max()) {
            throw new InvalidSettingException(setting.key() + " from " + origins.get(setting) + ": " + value + " "
                    + setting.unit() + " is outside " + setting.min() + ".." + setting.max());
        }
        return value;
    }
}
