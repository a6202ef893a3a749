package io.seriesflow.web;

import io.seriesflow.engine.ClientStats;
import io.seriesflow.engine.StreamLog;
import io.seriesflow.engine.StreamPump;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code GET /api/info}: what this deployment runs on (container, scheduler, who loaded the dataset), its
 * source-fed streams and its client counters, as JSON. Operators and the deployment tests read it.
 */
@WebServlet(urlPatterns = "/api/info")
public class InfoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RunningApplication application;
        try {
            application = ActiveApplication.require();
        } catch (IllegalStateException e) {
            Problems.send(response, Problems.Type.UNAVAILABLE, e.getMessage());
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer writer = response.getWriter()) {
            writer.write(describe(application, getServletContext().getServerInfo()).toString());
        }
    }

    private static JsonObjectBuilder clients(ClientStats stats) {
        JsonObjectBuilder closed = Json.createObjectBuilder();
        stats.closedByReason().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> closed.add(e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        e.getValue()));
        return Json.createObjectBuilder()
                .add("connections", stats.connections())
                .add("queuedPoints", stats.queuedPoints())
                .add("queuedBytes", stats.queuedBytes())
                .add("droppedPoints", stats.droppedPoints())
                .add("coalescedReplies", stats.coalescedReplies())
                .add("closed", closed);
    }

    /** This node's name, its log (kind, reachable, last failure) and the source leases it holds. */
    private static JsonObjectBuilder node(RunningApplication application) {
        StreamLog.LogHealth health = application.hub().log().health();
        JsonArrayBuilder leases = Json.createArrayBuilder();
        application.hub().leases().held().forEach(stream -> leases.add(stream.name()));
        return Json.createObjectBuilder()
                .add("id", application.backend().nodeId())
                .add("log", Json.createObjectBuilder()
                        .add("kind", application.hub().log().kind())
                        .add("reachable", health.reachable())
                        .add("lastError", health.lastError()))
                .add("leases", leases);
    }

    static JsonObject describe(RunningApplication application, String serverInfo) {
        JsonArrayBuilder sources = Json.createArrayBuilder();
        for (StreamPump pump : application.hub().pumps()) {
            JsonObjectBuilder source = Json.createObjectBuilder()
                    .add("stream", pump.stream().name())
                    .add("source", pump.source().describe())
                    .add("intervalMs", pump.interval().toMillis());
            pump.nanosSinceLastTick().ifPresent(nanos -> source.add("lastRunMsAgo", nanos / 1_000_000));
            sources.add(source);
        }
        JsonObjectBuilder sweep = Json.createObjectBuilder();
        application.hub().nanosSinceLastSweep().ifPresent(nanos -> sweep.add("lastRunMsAgo", nanos / 1_000_000));
        return Json.createObjectBuilder()
                .add("name", "seriesflow")
                .add("container", serverInfo)
                .add("scheduler", Json.createObjectBuilder()
                        .add("managed", application.scheduler().isManaged())
                        .add("description", application.scheduler().describe()))
                .add("sends", Json.createObjectBuilder()
                        .add("mode", application.sendMode().configName())
                        .add("description", application.describeSends())
                        .add("textWrites", application.describeTextWrites()))
                .add("dataset", Json.createObjectBuilder()
                        .add("origin", application.dataset().origin())
                        .add("values", application.dataset().size())
                        .add("loadedBy", application.datasetLoadedBy()))
                .add("publishing", application.settings().publishToken().isPresent())
                .add("clients", clients(application.hub().clientStats()))
                .add("sources", sources)
                .add("node", node(application))
                .add("sweep", sweep)
                .build();
    }
}
