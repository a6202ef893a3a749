package io.seriesflow.web;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run blocking sends, owned by the application and stopped on undeploy. Each task is one
 * connection's turn: a few frames, then the thread goes to the next connection, so a stalled client holds one
 * thread for at most the send timeout. Thread-safe.
 */
final class SendPool implements AutoCloseable {
    static final String THREAD_NAME_PREFIX = "seriesflow-send-";

    private static final System.Logger LOG = System.getLogger(SendPool.class.getName());
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final ThreadPoolExecutor pool;

    private SendPool(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /** @param configuredThreads the pool size, or 0 for twice the processors, at least 4 */
    static SendPool start(int configuredThreads) {
        int threads = configuredThreads > 0 ? configuredThreads
                : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> new Thread(task, THREAD_NAME_PREFIX + counter.incrementAndGet()));
        pool.prestartAllCoreThreads();
        return new SendPool(pool);
    }

    /** A pool for a deployment that never sends blocking: it refuses every task. */
    static Executor none() {
        return task -> {
            throw new RejectedExecutionException("seriesflow.send-mode is async: there is no blocking send pool");
        };
    }

    Executor executor() {
        return pool;
    }

    int threads() {
        return pool.getCorePoolSize();
    }

    /** Lets the turns already queued finish (their clients are closed by then), then stops the threads. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Send threads still busy {0} s after shutdown; interrupting them",
                        SHUTDOWN_WAIT_SECONDS);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            LOG.log(Level.WARNING, "Interrupted while waiting for the send threads to stop");
        }
    }
}
