package io.seriesflow.config;

/**
 * Every configuration key, with its default, unit and allowed range. The environment variable is the key in
 * upper case with '.' and '-' turned into '_' ({@code seriesflow.tick-interval-ms} is
 * {@code SERIESFLOW_TICK_INTERVAL_MS}); the system property and the context parameter use the key itself.
 */
public enum Setting {
    TICK_INTERVAL_MS("seriesflow.tick-interval-ms", "100", "ms", 1, 60_000,
            "Interval between two points of the demo stream."),
    DATASET("seriesflow.dataset", "", "path", 0, 0,
            "JSON file replayed by the demo stream; empty means the bundled demo dataset."),
    CLIENT_QUEUE_FRAMES("seriesflow.client-queue-frames", "1024", "frames", 1, 1_000_000,
            "Frames a client may have waiting while a send is in flight; beyond it the oldest are dropped."),
    SEND_TIMEOUT_MS("seriesflow.send-timeout-ms", "10000", "ms", 100, 600_000,
            "A send that does not complete in this time closes the client.");

    private final String key;
    private final String defaultValue;
    private final String unit;
    private final long min;
    private final long max;
    private final String description;

    Setting(String key, String defaultValue, String unit, long min, long max, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String environmentVariable() {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String unit() {
        return unit;
    }

    /** Smallest allowed value of a numeric setting. */
    public long min() {
        return min;
    }

    /** Largest allowed value of a numeric setting. */
    public long max() {
        return max;
    }

    public boolean isNumeric() {
        return min < max;
    }

    public String description() {
        return description;
    }
}
