package io.seriesflow.config;

/**
 * One configured synthetic stream. Immutable.
 *
 * @param stream the stream's name (validated later by the engine's naming rule)
 * @param kind what it generates
 * @param intervalMillis time between two points
 */
public record Generator(String stream, Kind kind, long intervalMillis) {
    /** The synthetic sources available. */
    public enum Kind {
        SINE("sine"), RANDOM_WALK("random-walk");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static Kind byConfigName(String name) {
            for (Kind kind : values()) {
                if (kind.configName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
