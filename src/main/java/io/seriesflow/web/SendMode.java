package io.seriesflow.web;

import java.util.Locale;

/** How frames reach the container: see {@code seriesflow.send-mode}. */
enum SendMode {
    /** A pool of send threads writes each frame with a time limit and completes inline. */
    BLOCKING,
    /** The container's asynchronous sends; the completion continues with the next frame. */
    ASYNC;

    /**
     * The mode for a configured value on a container: {@code auto} is blocking on Tomcat, whose blocking sends
     * honour a time limit, and asynchronous elsewhere, where a blocking send to a stalled client could wait
     * forever.
     *
     * @param configured auto, blocking or async
     * @param serverInfo the container's {@code ServletContext.getServerInfo()}
     */
    static SendMode resolve(String configured, String serverInfo) {
        return switch (configured) {
            case "blocking" -> BLOCKING;
            case "async" -> ASYNC;
            case "auto" -> serverInfo != null && serverInfo.startsWith("Apache Tomcat/") ? BLOCKING : ASYNC;
            default -> throw new IllegalArgumentException("unknown send mode '" + configured + "'");
        };
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
