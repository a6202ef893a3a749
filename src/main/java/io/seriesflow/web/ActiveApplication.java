package io.seriesflow.web;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The write-once link from container-built objects to the deployment's {@link RunningApplication}.
 *
 * <p>Tomcat builds WebSocket endpoint instances by reflection, outside any injection, so the endpoint's
 * configurator needs one place to find the engine. This is that place and the only static state of the
 * application: bound by the listener at deploy, cleared at undeploy. Each deployment has its own class
 * loader, hence its own holder. Thread-safe.
 */
final class ActiveApplication {
    private static final AtomicReference<RunningApplication> CURRENT = new AtomicReference<>();

    private ActiveApplication() {
    }

    static void bind(RunningApplication application) {
        Objects.requireNonNull(application, "application");
        if (!CURRENT.compareAndSet(null, application)) {
            throw new IllegalStateException("a Seriesflow application is already bound in this class loader");
        }
    }

    /** Clears the holder if it still holds this application. */
    static void clear(RunningApplication application) {
        CURRENT.compareAndSet(application, null);
    }

    /** The bound application, or empty while none is. */
    static java.util.Optional<RunningApplication> current() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    /**
     * The bound application, for a request: 503 (a problem naming why) while the listener has not started it or
     * has stopped it (deploying, undeploying).
     */
    static RunningApplication orUnavailable() throws ProblemException {
        try {
            return require();
        } catch (IllegalStateException e) {
            throw new ProblemException(Problems.Type.UNAVAILABLE, e.getMessage());
        }
    }

    /** The bound application; fails when the listener has not started it (or has stopped it). */
    static RunningApplication require() {
        RunningApplication application = CURRENT.get();
        if (application == null) {
            throw new IllegalStateException("Seriesflow is not running: the application listener has not started");
        }
        return application;
    }
}
