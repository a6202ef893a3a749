package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that run blocking sends, owned by the application: a base number, and more while some of them are
 * stuck. Each task is one connection's turn, which sends for at most a few milliseconds unless a write blocks
 * because the client stopped reading; then its thread is stuck until the write's time limit passes. A watchdog
 * counts the threads whose current turn has run longer than {@code stuckAfterMillis} and that are waiting (a
 * blocked write parks its thread) and keeps that many extra threads (up to {@code maxThreads} in all), so clients
 * that stall together cannot take the threads healthy clients need; extra threads end once they are no longer
 * needed. A turn that is slow because it is computing (encoding large frames while the processors are busy) does
 * not count: another thread could not make it faster, and more runnable threads would only take processor time
 * from ingest and from the sends themselves.
 *
 * <p>Thread-safe.
 */
public final class SendThreads implements Executor, AutoCloseable {
    /** Name prefix of the threads, for thread dumps and for the tests that check none is left. */
    public static final String THREAD_NAME_PREFIX = "seriesflow-send-";

    private static final System.Logger LOG = System.getLogger(SendThreads.class.getName());
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final ThreadPoolExecutor pool;
    private final int baseThreads;
    private final int maxThreads;
    private final long stuckAfterNanos;
    private final Ticker ticker;
    /** Each live thread and the ticker time its current task started (0 while it has none). */
    private final Map<Thread, AtomicLong> turnStarted = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> watchdog;

    /**
     * @param baseThreads threads kept while none is stuck
     * @param maxThreads threads at most, stuck ones included
     * @param stuckAfterMillis how long a turn may run before its thread counts as stuck
     */
    public SendThreads(int baseThreads, int maxThreads, long stuckAfterMillis, Ticker ticker) {
        if (baseThreads < 1 || maxThreads < baseThreads || stuckAfterMillis < 1) {
            throw new IllegalArgumentException("need 1 <= base threads <= max threads and a positive stuck time");
        }
        this.baseThreads = baseThreads;
        this.maxThreads = maxThreads;
        this.stuckAfterNanos = stuckAfterMillis * 1_000_000L;
        this.ticker = ticker;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(baseThreads, maxThreads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                worker -> new Thread(() -> runTracked(worker), THREAD_NAME_PREFIX + counter.incrementAndGet()));
        pool.prestartAllCoreThreads();
    }

    private void runTracked(Runnable worker) {
        turnStarted.put(Thread.currentThread(), new AtomicLong());
        try {
            worker.run();
        } finally {
            turnStarted.remove(Thread.currentThread());
        }
    }

    /** Checks for stuck threads every {@code periodMillis} on the scheduler, until {@link #close}. */
    public void watch(ScheduledExecutorService scheduler, long periodMillis) {
        watchdog = scheduler.scheduleAtFixedRate(this::adjustSafely, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable turn) {
        pool.execute(() -> {
            AtomicLong started = turnStarted.get(Thread.currentThread());
            started.set(Math.max(1, ticker.nanos()));
            try {
                turn.run();
            } finally {
                started.set(0);
            }
        });
    }

    /** Keeps one extra thread per stuck one, within the maximum. Public for tests. */
    public void adjust() {
        long now = ticker.nanos();
        int stuck = 0;
        for (Map.Entry<Thread, AtomicLong> turn : turnStarted.entrySet()) {
            long since = turn.getValue().get();
            if (since != 0 && now - since > stuckAfterNanos && waiting(turn.getKey())) {
                stuck++;
            }
        }
        int wanted = Math.min(maxThreads, baseThreads + stuck);
        if (wanted != pool.getCorePoolSize()) {
            pool.setCorePoolSize(wanted);
        }
    }

    /** Parked or blocked, as a thread in a write the client does not read is; not running or ready to run. */
    private static boolean waiting(Thread thread) {
        return thread.getState() != Thread.State.RUNNABLE;
    }

    private void adjustSafely() {
        try {
            adjust();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // A periodic task that throws is cancelled; without it stuck threads would no longer be replaced.
            LOG.log(Level.ERROR, "Adjusting the send threads failed; the next check will try again", e);
        }
    }

    /** Threads now (the base, plus those added for stuck ones until they end). */
    public int threads() {
        return pool.getPoolSize();
    }

    public int baseThreads() {
        return baseThreads;
    }

    public int maxThreads() {
        return maxThreads;
    }

    /** Turns waiting for a thread. */
    public int waitingTurns() {
        return pool.getQueue().size();
    }

    /** An executor for a deployment that never sends blocking: it refuses every task. */
    public static Executor none() {
        return task -> {
            throw new RejectedExecutionException("sends are asynchronous here: there are no send threads");
        };
    }

    /** Lets the turns already queued finish (their clients are closed by then), then stops the threads. */
    @Override
    public void close() {
        ScheduledFuture<?> check = watchdog;
        if (check != null) {
            check.cancel(false);
        }
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
