package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>A stream's tick hands a turn to every subscriber at once, so turns come in bursts of thousands. A fan-out
 * run {@linkplain #together together} hands its turns over as one batch when it ends; batches wait in one
 * lock-free queue, and the threads take the turns of the oldest batch one at a time (a thread stuck in one turn
 * holds up no other). A thread is started (or woken) only when fewer threads are draining than wanted, not for
 * every turn.
 *
 * <p>Thread-safe.
 */
public final class SendThreads implements Executor, FanOutBatching, AutoCloseable {
    /** Name prefix of the threads, for thread dumps and for the tests that check none is left. */
    public static final String THREAD_NAME_PREFIX = "seriesflow-send-";

    private static final System.Logger LOG = System.getLogger(SendThreads.class.getName());
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    /** Runs the drainers; its core size follows {@link #wantedDrainers}. */
    private final ThreadPoolExecutor pool;
    private final int baseThreads;
    private final int maxThreads;
    private final long stuckAfterNanos;
    private final Ticker ticker;
    /** Batches whose turns are not all taken yet, oldest first. */
    private final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
    /** The turns the fan-out running on this thread started, while one runs {@linkplain #together together}. */
    private final ThreadLocal<List<Runnable>> gathering = new ThreadLocal<>();
    /** Threads draining {@link #batches} now (each stays until it finds the queue empty). */
    private final AtomicInteger drainers = new AtomicInteger();
    /** Threads that should drain: the base, plus one for each stuck thread, at most the maximum. */
    private volatile int wantedDrainers;
    private volatile boolean closed;
    /** Set when the threads are stopped by force: queued turns are dropped, not run. */
    private volatile boolean dropQueued;
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
        this.wantedDrainers = baseThreads;
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

    /**
     * Queues a turn; a thread runs it after the turns queued before it. Inside {@link #together} the turn waits
     * until the fan-out ends.
     *
     * @throws RejectedExecutionException after {@link #close}
     */
    @Override
    public void execute(Runnable turn) {
        if (closed) {
            throw new RejectedExecutionException("the send threads are stopping");
        }
        List<Runnable> gathered = gathering.get();
        if (gathered != null) {
            gathered.add(turn);
            return;
        }
        submit(new Batch(new Runnable[] {turn}));
    }

    /**
     * Runs the fan-out, then queues the turns it started as one batch. Turns started after {@link #close} are
     * refused as {@link #execute} refuses them; a batch whose fan-out ended after it is dropped (the application
     * is stopping and closes every connection), and the fan-out's own failure, if any, is what propagates.
     */
    @Override
    public void together(Runnable fanOut) {
        if (gathering.get() != null) {
            fanOut.run();
            return;
        }
        List<Runnable> gathered = new ArrayList<>();
        gathering.set(gathered);
        try {
            fanOut.run();
        } finally {
            gathering.remove();
            if (!gathered.isEmpty()) {
                submitGathered(gathered);
            }
        }
    }

    private void submitGathered(List<Runnable> gathered) {
        try {
            submit(new Batch(gathered.toArray(Runnable[]::new)));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "{0} send turns dropped: the send threads stopped during their fan-out",
                    gathered.size());
        }
    }

    /** Queues the batch and starts drainers for it; a batch refused here never runs. */
    private void submit(Batch batch) {
        if (closed) {
            throw new RejectedExecutionException("the send threads are stopping");
        }
        batches.add(batch);
        // A drainer that found the queue empty leaves before it looks again, so either it sees this batch or
        // this sees it gone (both are sequentially consistent atomics).
        try {
            for (int i = 0; i < batch.size() && startDrainer(); i++) {
                // one thread per turn at most, up to the wanted number
            }
        } catch (RejectedExecutionException e) {
            batches.remove(batch);
            batch.withdraw();
            throw e;
        }
    }

    /** Starts one more drainer when fewer than wanted are draining; false when enough are. */
    private boolean startDrainer() {
        if (!joinDrainers()) {
            return false;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drainers.decrementAndGet();
            throw e;
        }
        return true;
    }

    /** Runs queued turns until the queue is empty or fewer drainers are wanted. */
    private void drain() {
        AtomicLong started = turnStarted.get(Thread.currentThread());
        while (true) {
            if (dropQueued) {
                drainers.decrementAndGet();
                return;
            }
            Batch batch = batches.peek();
            if (batch == null) {
                drainers.decrementAndGet();
                if (batches.isEmpty() || !joinDrainers()) {
                    return;
                }
                continue;
            }
            Runnable turn = batch.take();
            if (turn == null) {
                batches.remove(batch); // all taken (another thread may have removed it already)
                continue;
            }
            started.set(Math.max(1, ticker.nanos()));
            try {
                turn.run();
            } catch (RuntimeException e) {
                // The turn's connection is the one to blame; the other queued turns still run.
                LOG.log(Level.ERROR, "A send turn failed", e);
            } catch (Error e) {
                drainers.decrementAndGet(); // this thread ends; the next turn starts another
                throw e;
            } finally {
                started.set(0);
            }
            if (leaveIfTooMany()) {
                return;
            }
        }
    }

    /** Counts one more drainer unless enough are draining (a new one, or one that left and saw a turn arrive). */
    private boolean joinDrainers() {
        for (int now = drainers.get(); now < wantedDrainers; now = drainers.get()) {
            if (drainers.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** After stuck threads came back, the extra drainers leave (their threads end after a second idle). */
    private boolean leaveIfTooMany() {
        for (int now = drainers.get(); now > wantedDrainers; now = drainers.get()) {
            if (drainers.compareAndSet(now, now - 1)) {
                return true;
            }
        }
        return false;
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
        wantedDrainers = wanted;
        while (!closed && !batches.isEmpty() && startDrainer()) {
            // one more thread for the turns waiting behind the stuck ones
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

    /** Turns waiting for a thread (counted by walking the queue: for metrics, not for every turn). */
    public int waitingTurns() {
        int waiting = 0;
        for (Batch batch : batches) {
            waiting += batch.waiting();
        }
        return waiting;
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
        closed = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Send threads still busy {0} s after shutdown; interrupting them",
                        SHUTDOWN_WAIT_SECONDS);
                stopNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopNow();
            LOG.log(Level.WARNING, "Interrupted while waiting for the send threads to stop");
        }
    }

    /** Drops the queued turns and interrupts the running ones (a thread in a write gives up at once). */
    private void stopNow() {
        dropQueued = true;
        batches.clear();
        pool.shutdownNow();
    }

    /** Turns handed over together; the threads that drain take them one at a time, in order. */
    private static final class Batch {
        private final Runnable[] turns;
        private final AtomicInteger taken = new AtomicInteger();

        Batch(Runnable[] turns) {
            this.turns = turns;
        }

        int size() {
            return turns.length;
        }

        /** The next turn, or null when all are taken. */
        Runnable take() {
            int index = taken.getAndIncrement();
            return index < turns.length ? turns[index] : null;
        }

        int waiting() {
            return Math.max(0, turns.length - taken.get());
        }

        /** Takes the turns no thread has taken yet, so they never run. */
        void withdraw() {
            taken.set(turns.length);
        }
    }
}
