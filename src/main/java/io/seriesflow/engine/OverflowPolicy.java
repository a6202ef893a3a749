package io.seriesflow.engine;

import java.util.Optional;

/** What happens to points that arrive for a client whose queue is above its high water mark. */
public enum OverflowPolicy {
    /**
     * Drop the oldest waiting points down to the low water mark and tell the client which ones (a {@code gap}
     * before that stream's next points), or count them in the compatible mode.
     */
    DROP_OLDEST("drop-oldest"),
    /** Close the client as too slow (close code 4008); it may reconnect and resume. */
    CLOSE("close"),
    /**
     * Replace a stream's waiting points by their M4 aggregate per time bucket, announced with the seq range it
     * stands for, so the client sees the right shape at a lower resolution and loses no range; exact points follow
     * as soon as it keeps up. A format that cannot carry aggregates drops instead.
     */
    AGGREGATE("aggregate");

    private final String configName;

    OverflowPolicy(String configName) {
        this.configName = configName;
    }

    /** The name in settings and subscribe messages. */
    public String configName() {
        return configName;
    }

    /** The policy with that name, or empty. */
    public static Optional<OverflowPolicy> byConfigName(String name) {
        for (OverflowPolicy policy : values()) {
            if (policy.configName.equals(name)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
