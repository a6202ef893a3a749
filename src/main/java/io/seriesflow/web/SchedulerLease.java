package io.seriesflow.web;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The scheduler the engine runs on, and whether the application owns it.
 *
 * <p>Where the container offers Jakarta Concurrency (Payara), this is its default managed scheduled executor,
 * found through JNDI and used as a plain {@link ScheduledExecutorService}; the application never shuts it
 * down (the specification forbids it). Elsewhere (Tomcat) it is an application-owned pool of named threads,
 * shut down by {@link #close()} on undeploy. Thread-safe.
 */
public final class SchedulerLease implements AutoCloseable {
    static final String MANAGED_JNDI_NAME = "java:comp/DefaultManagedScheduledExecutorService";
    static final String THREAD_NAME_PREFIX = "seriesflow-scheduler-";

    private static final System.Logger LOG = System.getLogger(SchedulerLease.class.getName());
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final ScheduledExecutorService executor;
    private final boolean managed;

    private SchedulerLease(ScheduledExecutorService executor, boolean managed) {
        this.executor = executor;
        this.managed = managed;
    }

    /** The container's managed scheduled executor if JNDI has one, else a new application-owned pool. */
    public static SchedulerLease obtain() {
        try {
            Object found = new InitialContext().lookup(MANAGED_JNDI_NAME);
            if (found instanceof ScheduledExecutorService managedExecutor) {
                LOG.log(Level.INFO, "Scheduler: container-managed {0} ({1})", MANAGED_JNDI_NAME,
                        found.getClass().getName());
                return new SchedulerLease(managedExecutor, true);
            }
            LOG.log(Level.WARNING, "{0} is a {1}, not a ScheduledExecutorService; using an application-owned pool",
                    MANAGED_JNDI_NAME, found == null ? "null" : found.getClass().getName());
        } catch (NamingException e) {
            // Expected on containers without Jakarta Concurrency (Tomcat): fall back to our own pool.
            LOG.log(Level.INFO, "Scheduler: no {0} ({1}); using an application-owned pool",
                    MANAGED_JNDI_NAME, e.getClass().getSimpleName());
        }
        return new SchedulerLease(ownedPool(), false);
    }

    private static ScheduledExecutorService ownedPool() {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, namedThreads());
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return pool;
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, THREAD_NAME_PREFIX + counter.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /** True when the executor is the container's and must not be shut down by the application. */
    public boolean isManaged() {
        return managed;
    }

    public String describe() {
        return managed
                ? "container-managed " + MANAGED_JNDI_NAME
                : "application-owned pool (" + THREAD_NAME_PREFIX + "*)";
    }

    /** Shuts down and awaits the application-owned pool; leaves a managed executor alone. Idempotent. */
    @Override
    public void close() {
        if (managed) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Scheduler threads still running {0} s after shutdown", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Interrupted while waiting for the scheduler to stop");
        }
    }
}
