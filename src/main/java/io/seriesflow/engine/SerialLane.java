package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, borrowing threads from a shared executor: the single writer
 * of a stream. Everything that touches a stream's history or subscriber list runs here.
 *
 * <p>Thread-safe: {@link #execute} may be called from any thread. A task that throws anything but a
 * {@link VirtualMachineError} is logged and the lane goes on with the next one.
 */
public final class SerialLane implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialLane.class.getName());
    /** Tasks run per turn before the lane yields its thread to other lanes. */
    private static final int TASKS_PER_TURN = 256;

    private final String name;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialLane(String name, Executor executor) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Queues the task. When the executor refuses the lane's turn (it is shutting down), the task is taken back
     * and the refusal is thrown, so a refused task never runs later.
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        try {
            scheduleIfIdle();
        } catch (RejectedExecutionException e) {
            tasks.remove(task);
            throw e;
        }
    }

    /** Tasks waiting for their turn; counting walks the queue, so this is for occasional reads by operators. */
    public int backlog() {
        return tasks.size();
    }

    private void scheduleIfIdle() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::runTurn);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void runTurn() {
        try {
            for (int i = 0; i < TASKS_PER_TURN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                runSafely(task);
            }
        } finally {
            scheduled.set(false);
        }
        if (!tasks.isEmpty()) {
            scheduleIfIdle();
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Lane " + name + ": a task failed; the lane goes on", e);
        }
    }
}
