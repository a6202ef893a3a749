package io.seriesflow.web;

import io.seriesflow.engine.ClosedConnection;
import io.seriesflow.engine.ConnectionView;
import io.seriesflow.engine.Hub;
import io.seriesflow.engine.StreamState;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the operations page shows, as JSON: this node, its streams (rate, subscribers, retained history, epoch),
 * its connections (mode, address, subscriptions, queued bytes, lag, age; the most lagging first, at most
 * {@link #MAX_CONNECTIONS}) and the recent slow-consumer closes. Stateless.
 */
final class OperationsState {
    /** Connections listed at most; the total is given beside them. */
    static final int MAX_CONNECTIONS = 500;

    private OperationsState() {
    }

    static JsonObject of(RunningApplication application) {
        Hub hub = application.hub();
        List<ConnectionView> connections = hub.connectionViews().stream()
                .sorted(Comparator.comparingLong(ConnectionView::lagMillis).reversed()
                        .thenComparing(Comparator.comparingLong(ConnectionView::queuedBytes).reversed()))
                .toList();
        return Json.createObjectBuilder()
                .add("node", application.backend().nodeId())
                .add("serverTime", application.clock().millis())
                .add("ready", "ready".equals(Readiness.check(Optional.of(application)).getString("status")))
                .add("streams", streams(hub))
                .add("connectionCount", connections.size())
                .add("connections", connections(connections))
                .add("slowCloses", slowCloses(hub.recentSlowCloses()))
                .build();
    }

    private static JsonArrayBuilder streams(Hub hub) {
        JsonArrayBuilder streams = Json.createArrayBuilder();
        hub.streams().all().stream().sorted(Comparator.comparing(stream -> stream.id().name())).forEach(stream -> {
            StreamState state = stream.state();
            streams.add(Json.createObjectBuilder()
                    .add("name", stream.id().name())
                    .add("epoch", stream.descriptor().epoch())
                    .add("pointsPerSecond", Math.round(state.pointsPerSecond() * 10) / 10.0)
                    .add("subscribers", state.subscribers())
                    .add("retained", state.retained())
                    .add("firstSeq", state.firstSeq())
                    .add("lastSeq", state.lastSeq())
                    .add("source", stream.isSourceFed() || hub.isSourceFed(stream.id())));
        });
        return streams;
    }

    private static JsonArrayBuilder connections(List<ConnectionView> views) {
        JsonArrayBuilder connections = Json.createArrayBuilder();
        views.stream().limit(MAX_CONNECTIONS).forEach(view -> {
            JsonArrayBuilder names = Json.createArrayBuilder();
            view.streams().forEach(names::add);
            connections.add(Json.createObjectBuilder()
                    .add("id", view.id())
                    .add("mode", view.mode())
                    .add("peer", view.peer())
                    .add("streams", names)
                    .add("queuedBytes", view.queuedBytes())
                    .add("queuedPoints", view.queuedPoints())
                    .add("droppedPoints", view.droppedPoints())
                    .add("lagMs", view.lagMillis())
                    .add("ageMs", view.ageMillis()));
        });
        return connections;
    }

    private static JsonArrayBuilder slowCloses(List<ClosedConnection> closes) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (ClosedConnection close : closes) {
            array.add(Json.createObjectBuilder()
                    .add("closedAt", close.closedAtMillis())
                    .add("id", close.id())
                    .add("mode", close.mode())
                    .add("peer", close.peer())
                    .add("reason", MetricFamilies.label(close.reason()))
                    .add("queuedBytes", close.queuedBytes())
                    .add("droppedPoints", close.droppedPoints())
                    .add("ageMs", close.ageMillis()));
        }
        return array;
    }
}
