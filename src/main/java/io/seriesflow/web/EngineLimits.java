package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.ClientLimits;
import io.seriesflow.engine.ConnectionPolicy;
import io.seriesflow.engine.InboundLimits;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.StreamLimits;
import java.time.Duration;

/**
 * The engine's limits as the settings give them. Immutable.
 *
 * @param streams history, stream count and publishing rules
 * @param clients each connection's outbound budget, lag and subscriptions
 * @param connections how many connections, and their ping, idle and sweep timers
 * @param inbound what one connection may send
 */
record EngineLimits(StreamLimits streams, ClientLimits clients, ConnectionPolicy connections,
                    InboundLimits inbound) {
    static EngineLimits from(Settings settings) {
        StreamLimits streams = new StreamLimits(settings.integer(Setting.HISTORY_POINTS),
                settings.number(Setting.HISTORY_AGE_MS), settings.integer(Setting.MAX_STREAMS),
                settings.flag(Setting.CREATE_ON_PUBLISH), settings.number(Setting.MAX_FUTURE_MS),
                settings.flag(Setting.PUBLISH_TO_SOURCES), settings.integer(Setting.MAX_AGGREGATE_BUCKETS));
        long queueBytes = settings.number(Setting.CLIENT_QUEUE_BYTES);
        ClientLimits clients = new ClientLimits(queueBytes, queueBytes / 2,
                OverflowPolicy.byConfigName(settings.raw(Setting.CLIENT_OVERFLOW)).orElseThrow(),
                settings.number(Setting.CLIENT_MAX_LAG_MS), settings.integer(Setting.MAX_SUBSCRIPTIONS),
                settings.integer(Setting.CLIENT_MAX_REPLAYS));
        Duration ping = settings.millis(Setting.PING_INTERVAL_MS);
        Duration idle = settings.millis(Setting.IDLE_TIMEOUT_MS);
        long sweepMillis = Math.max(50, Math.min(1_000, Math.min(ping.toMillis(), idle.toMillis()) / 4));
        ConnectionPolicy connections = new ConnectionPolicy(settings.integer(Setting.MAX_CONNECTIONS), ping, idle,
                Duration.ofMillis(sweepMillis));
        return new EngineLimits(streams, clients, connections, inbound(settings));
    }

    /**
     * Rates of messages and subscribes per connection: bursts of twice the message rate, and of as many
     * subscribes as a connection may hold (at least one second's worth), so a client can resume all its streams
     * at once.
     */
    private static InboundLimits inbound(Settings settings) {
        int messages = settings.integer(Setting.CLIENT_MESSAGES_PER_SECOND);
        int subscribes = settings.integer(Setting.CLIENT_SUBSCRIBES_PER_SECOND);
        return new InboundLimits(messages, 2 * messages, subscribes,
                Math.max(subscribes, settings.integer(Setting.MAX_SUBSCRIPTIONS)),
                settings.integer(Setting.CLIENT_REFUSALS_BEFORE_CLOSE),
                settings.integer(Setting.CLIENT_MAX_PENDING_COMMANDS));
    }
}
