package io.seriesflow.config;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key, with its default, unit and allowed values. The environment variable is the key in
 * upper case with '.' and '-' turned into '_' ({@code seriesflow.tick-interval-ms} is
 * {@code SERIESFLOW_TICK_INTERVAL_MS}); the system property and the context parameter use the key itself.
 */
public enum Setting {
    TICK_INTERVAL_MS(number("seriesflow.tick-interval-ms", 100, "ms", 1, 60_000,
            "Interval between two points of the demo stream.")),
    DATASET(text("seriesflow.dataset", "", "path",
            "JSON file replayed by the demo stream; empty means the bundled demo dataset.")),
    GENERATORS(text("seriesflow.generators", "sine:sine:100,walk:random-walk:100", "list",
            "Synthetic streams, comma-separated name:kind:interval-ms; kind is sine or random-walk; "
                    + "none for no generators.")),
    HISTORY_POINTS(number("seriesflow.history-points", 10_000, "points", 1, 10_000_000,
            "Points each stream retains for resume and the points API.")),
    HISTORY_AGE_MS(number("seriesflow.history-age-ms", 600_000, "ms", 1_000, 604_800_000,
            "Points older than this (by their ts) leave the history.")),
    MAX_STREAMS(number("seriesflow.max-streams", 1_000, "streams", 1, 65_535,
            "Streams that may exist at once.")),
    CREATE_ON_PUBLISH(choice("seriesflow.create-on-publish", "true", List.of("true", "false"),
            "Whether publishing to an unknown stream creates it.")),
    PUBLISH_TOKEN(text("seriesflow.publish-token", "", "secret",
            "Bearer token that publishing requires; empty disables publishing.")),
    PUBLISH_TO_SOURCES(choice("seriesflow.publish-to-sources", "false", List.of("true", "false"),
            "Whether clients may publish into streams the server's sources feed (demo, generators); 409 if not.")),
    MAX_FUTURE_MS(number("seriesflow.max-future-ms", 60_000, "ms", 0, 86_400_000,
            "How far ahead of the server's clock a published ts may be (422 beyond).")),
    INGEST_MAX_BYTES(number("seriesflow.ingest-max-bytes", 1_048_576, "bytes", 1, 268_435_456,
            "Largest ingest body, both as sent and once decoded (gzip, deflate); beyond it 413.")),
    INGEST_BODY_TIMEOUT_MS(number("seriesflow.ingest-body-timeout-ms", 10_000, "ms", 100, 600_000,
            "An ingest body must arrive completely within this long; a slower one gets 408 and its connection is "
                    + "closed. No thread waits for it meanwhile.")),
    INGEST_MAX_POINTS(number("seriesflow.ingest-max-points", 10_000, "points", 1, 1_000_000,
            "Most points one ingest request may carry.")),
    READ_MAX_POINTS(number("seriesflow.read-max-points", 10_000, "points", 1, 1_000_000,
            "Most points one points API response may carry (the limit parameter's maximum).")),
    MAX_AGGREGATE_BUCKETS(number("seriesflow.max-aggregate-buckets", 8_192, "buckets", 1, 100_000,
            "Most buckets a subscribe's backfill or an aggregated read (buckets=) may ask for; its answer holds at "
                    + "most four points per bucket.")),
    STREAM_LABELS(text("seriesflow.stream-labels", "demo=Server room temperature [°C]", "list",
            "Display names and units of streams, ;-separated stream=display name [unit] (either may be left out), "
                    + "or none; shown where no publish stored one.")),
    CLIENT_QUEUE_BYTES(number("seriesflow.client-queue-bytes", 1_048_576, "bytes", 4_096, 1_073_741_824,
            "What a client may have waiting (points, replies, notices; estimated wire bytes; replays of history "
                    + "excluded); beyond it the client is a slow consumer. Drop-oldest trims to half of it.")),
    CLIENT_OVERFLOW(choice("seriesflow.client-overflow", "drop-oldest", List.of("drop-oldest", "aggregate",
            "close"), "Points beyond seriesflow.client-queue-bytes: drop-oldest drops the oldest waiting points and "
                    + "sends a gap; aggregate replaces a stream's waiting points by their M4 aggregate (no gap, lower "
                    + "resolution); close closes the client (4008). A subscribe may choose drop-oldest or aggregate "
                    + "for its stream unless this is close. A reply beyond it always closes (4008).")),
    CLIENT_MAX_REPLAYS(number("seriesflow.client-max-replays", 4, "replays", 1, 64,
            "Replays of history one connection may have under way; a later subscribe with since waits its turn.")),
    CLIENT_MESSAGES_PER_SECOND(number("seriesflow.client-messages-per-second", 50, "messages/s", 1, 100_000,
            "Messages a client may send per second (bursts of twice that); beyond it they get rate-limited.")),
    CLIENT_SUBSCRIBES_PER_SECOND(number("seriesflow.client-subscribes-per-second", 10, "subscribes/s", 1, 10_000,
            "Subscribes carried out per second (bursts of seriesflow.max-subscriptions or more); beyond it "
                    + "rate-limited.")),
    CLIENT_REFUSALS_BEFORE_CLOSE(number("seriesflow.client-refusals-before-close", 100, "messages", 1, 1_000_000,
            "Rate-limited messages in a row after which the connection is closed (4029).")),
    CLIENT_MAX_PENDING_COMMANDS(number("seriesflow.client-max-pending-commands", 128, "commands", 1, 100_000,
            "Commands that may wait for their turn on one connection; one more closes it (4029).")),
    CLIENT_MAX_LAG_MS(number("seriesflow.client-max-lag-ms", 10_000, "ms", 100, 600_000,
            "A send in flight longer than this closes the client as too slow (4008).")),
    SEND_MODE(choice("seriesflow.send-mode", "auto", List.of("auto", "blocking", "async"),
            "blocking: a pool of send threads writes each frame with a time limit (cheapest per frame); async: "
                    + "the container's asynchronous sends; auto: blocking on Tomcat (which bounds a blocking send "
                    + "by seriesflow.blocking-send-timeout-ms), async elsewhere.")),
    TOMCAT_TEXT_WRITES(choice("seriesflow.tomcat-text-writes", "auto", List.of("auto", "off"),
            "auto: on Tomcat, blocking sends write each text frame from its UTF-8 bytes, encoded once for all "
                    + "clients, through Tomcat's own message write (reached by reflection; the standard sendText "
                    + "where it is not found); off: always the standard sendText, which encodes per client.")),
    SEND_THREADS(number("seriesflow.send-threads", 0, "threads", 0, 256,
            "Threads of the blocking send pool; 0 means twice the processors (at least 4).")),
    SEND_THREADS_MAX(number("seriesflow.send-threads-max", 64, "threads", 1, 1_024,
            "Threads the blocking send pool may grow to while sends are stuck on clients that stopped reading "
                    + "(one extra per thread parked in a write for over 20 ms; busy threads do not count); "
                    + "at least seriesflow.send-threads.")),
    BLOCKING_SEND_TIMEOUT_MS(number("seriesflow.blocking-send-timeout-ms", 500, "ms", 10, 60_000,
            "A blocking send that cannot write a frame in this long closes the client as too slow; "
                    + "at most half of seriesflow.client-max-lag-ms is used.")),
    MAX_POINTS_PER_FRAME(number("seriesflow.max-points-per-frame", 1_000, "points", 1, 100_000,
            "Most points one v1 or binary frame carries.")),
    MAX_SUBSCRIPTIONS(number("seriesflow.max-subscriptions", 64, "streams", 1, 10_000,
            "Streams one connection may subscribe to.")),
    MAX_CONNECTIONS(number("seriesflow.max-connections", 20_000, "connections", 1, 1_000_000,
            "WebSocket and event-stream (/sse) connections this node accepts at once; beyond it a new WebSocket is "
                    + "closed with 1013, an event stream gets 503.")),
    MAX_MESSAGE_BYTES(number("seriesflow.max-message-bytes", 1_024, "bytes", 256, 1_048_576,
            "Largest message a client may send; a larger one closes the connection with 1009.")),
    PING_INTERVAL_MS(number("seriesflow.ping-interval-ms", 25_000, "ms", 100, 3_600_000,
            "Every connection is pinged this often (after the frame in flight, if any).")),
    IDLE_TIMEOUT_MS(number("seriesflow.idle-timeout-ms", 60_000, "ms", 200, 86_400_000,
            "A connection heard nothing from (no message, no pong) for this long is closed (4001).")),
    WEBSOCKET_COMPRESSION(choice("seriesflow.websocket-compression", "off", List.of("off", "on"),
            "on: accept permessage-deflate when a client offers it (it costs CPU per frame and memory per "
                    + "connection, see Limits); off: never negotiate it, whatever the client offers.")),
    NODE_ID(text("seriesflow.node-id", "", "name",
            "This node's name in the shared log and in /api/info; empty: the host name and a random suffix.")),
    REDIS_URL(text("seriesflow.redis-url", "", "url",
            "redis:// or rediss:// URL (user, password, database) of the Redis that nodes share streams through; "
                    + "empty: the streams live in this node's memory.")),
    REDIS_KEY_PREFIX(text("seriesflow.redis-key-prefix", "seriesflow:", "text",
            "Prefix of every key written to Redis, so several installations can share one.")),
    REDIS_TIMEOUT_MS(number("seriesflow.redis-timeout-ms", 2_000, "ms", 100, 60_000,
            "Connect and command timeout for Redis; a publish still unconfirmed after it is retried.")),
    REDIS_POOL_SIZE(number("seriesflow.redis-pool-size", 16, "connections", 2, 256,
            "Connections from this node to Redis (publishes and reads; following holds one).")),
    REDIS_READ_COUNT(number("seriesflow.redis-read-count", 256, "entries", 1, 100_000,
            "Log entries read at once when following streams or loading their history.")),
    IDEMPOTENCY_WINDOW_MS(number("seriesflow.idempotency-window-ms", 600_000, "ms", 1_000, 86_400_000,
            "How long a publish's Idempotency-Key is remembered: a retry within it applies nothing twice.")),
    IDEMPOTENCY_KEYS(number("seriesflow.idempotency-keys", 100_000, "keys", 1, 10_000_000,
            "Idempotency keys remembered at most in memory (without Redis); the oldest are forgotten first.")),
    ALLOWED_ORIGINS(text("seriesflow.allowed-origins", "", "list",
            "Origins allowed to open /ws and /sse, comma-separated, or * for any; empty means the page's own "
                    + "origin.")),
    INFLUX_STREAM_TEMPLATE(text("seriesflow.influx-stream-template", "{measurement}.{tags}.{field}", "template",
            "The stream each numeric field of an InfluxDB write (/api/v2/write, /write) goes to: {measurement}, "
                    + "{tags} (tag values in key order, joined by '.'), {tag:key} and {field} (required), mapped "
                    + "into the stream-name alphabet.")),
    METRICS(choice("seriesflow.metrics", "on", List.of("on", "off"),
            "on: /metrics serves Prometheus metrics and every send is counted; off: /metrics answers 404 and "
                    + "nothing is counted per frame.")),
    METRICS_TOKEN(text("seriesflow.metrics-token", "", "secret",
            "Bearer token /metrics requires; empty: none (limit it by address instead, or as well).")),
    METRICS_ALLOWED_ADDRESSES(text("seriesflow.metrics-allowed-addresses", "", "list",
            "Client addresses or CIDR ranges allowed to read /metrics, comma-separated; empty: any.")),
    METRICS_TOP_STREAMS(number("seriesflow.metrics-top-streams", 20, "streams", 1, 1_000,
            "Streams that get their own label in per-stream metrics (the most subscribed, then the busiest); "
                    + "the others are summed under stream=\"other\".")),
    OPS_TOKEN(text("seriesflow.ops-token", "", "secret",
            "Bearer token the operations page (/ops/) and its API require; empty disables them (403).")),
    OPS_ALLOWED_ADDRESSES(text("seriesflow.ops-allowed-addresses", "", "list",
            "Client addresses or CIDR ranges allowed to open /ops/, comma-separated; empty: any (with the token)."));

    private final Spec spec;

    Setting(Spec spec) {
        this.spec = spec;
    }

    public String key() {
        return spec.key;
    }

    public String environmentVariable() {
        return spec.key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return spec.defaultValue;
    }

    public String unit() {
        return spec.unit;
    }

    public long min() {
        return spec.min;
    }

    public long max() {
        return spec.max;
    }

    public boolean isNumeric() {
        return spec.min < spec.max;
    }

    /** The allowed values of a choice setting; empty for others. */
    public List<String> choices() {
        return spec.choices;
    }

    /** The allowed values as the configuration table shows them. */
    public String range() {
        if (isNumeric()) {
            return spec.min + ".." + spec.max;
        }
        return String.join(", ", spec.choices);
    }

    public String description() {
        return spec.description;
    }

    private record Spec(String key, String defaultValue, String unit, long min, long max, List<String> choices,
                        String description) {
    }

    private static Spec number(String key, long defaultValue, String unit, long min, long max, String description) {
        return new Spec(key, Long.toString(defaultValue), unit, min, max, List.of(), description);
    }

    private static Spec text(String key, String defaultValue, String unit, String description) {
        return new Spec(key, defaultValue, unit, 0, 0, List.of(), description);
    }

    private static Spec choice(String key, String defaultValue, List<String> choices, String description) {
        return new Spec(key, defaultValue, "choice", 0, 0, choices, description);
    }
}
