package io.seriesflow.web;

import io.seriesflow.engine.Hub;
import io.seriesflow.engine.StreamLog;
import io.seriesflow.engine.StreamPump;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether this node can serve, checked at each request: the application is running and not shutting down, its
 * stream log answers, and its periodic tasks (every source pump, the connection sweep) ran recently. A task counts
 * as stalled when it has not run for {@link #STALL_PERIODS} of its periods and at least {@link #MIN_STALL}; before
 * its first run it gets that long from the start. Stateless.
 */
final class Readiness {
    /** Periods a periodic task may miss before the node is not ready. */
    static final int STALL_PERIODS = 5;
    /** The shortest time a periodic task may be silent without counting as stalled. */
    static final Duration MIN_STALL = Duration.ofSeconds(5);

    private Readiness() {
    }

    /**
     * The checks as JSON: {@code {"status":"ready"|"not-ready","checks":{name:{"ok":bool,"detail":...}}}}.
     *
     * @param application the bound application, empty while none is (starting, or stopped)
     */
    static JsonObject check(Optional<RunningApplication> application) {
        JsonObjectBuilder checks = Json.createObjectBuilder();
        boolean ready;
        if (application.isEmpty()) {
            checks.add("started", result(false, "the application is not running"));
            ready = false;
        } else {
            ready = check(application.get(), checks);
        }
        return Json.createObjectBuilder().add("status", ready ? "ready" : "not-ready").add("checks", checks)
                .build();
    }

    private static boolean check(RunningApplication application, JsonObjectBuilder checks) {
        Hub hub = application.hub();
        boolean open = !hub.isClosing();
        checks.add("started", result(true, "running for " + application.nanosSinceStart() / 1_000_000_000 + " s"));
        checks.add("accepting", result(open, open ? "accepting clients" : "shutting down"));
        StreamLog.LogHealth health = hub.log().health();
        checks.add("log", result(health.reachable(), hub.log().kind() + (health.reachable() ? " answers"
                : " unreachable: " + health.lastError())));
        boolean pumps = true;
        JsonObjectBuilder sources = Json.createObjectBuilder();
        for (StreamPump pump : hub.pumps()) {
            boolean alive = recent(pump.nanosSinceLastTick(), pump.interval(), application.nanosSinceStart());
            sources.add(pump.stream().name(), alive);
            pumps &= alive;
        }
        checks.add("sources", result(pumps, pumps ? "every source ran recently" : "a source stalled")
                .add("streams", sources));
        boolean sweep = recent(hub.nanosSinceLastSweep(), hub.sweepInterval(), application.nanosSinceStart());
        checks.add("sweep", result(sweep, sweep ? "the connection sweep ran recently" : "the sweep stalled"));
        return open && health.reachable() && pumps && sweep;
    }

    /** Whether a task with this period ran within its stall limit (or, never run, was started within it). */
    static boolean recent(OptionalLong nanosSinceRun, Duration period, long nanosSinceStart) {
        long limit = Math.max(period.toNanos() * STALL_PERIODS, MIN_STALL.toNanos());
        return nanosSinceRun.orElse(nanosSinceStart) <= limit;
    }

    private static JsonObjectBuilder result(boolean ok, String detail) {
        return Json.createObjectBuilder().add("ok", ok).add("detail", detail);
    }
}
