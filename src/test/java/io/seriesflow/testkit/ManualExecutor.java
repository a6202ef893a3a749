package io.seriesflow.testkit;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Queues tasks until the test runs them, so a test can interleave work deterministically. Not thread-safe. */
public final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs tasks, including ones they submit, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (!tasks.isEmpty()) {
            tasks.poll().run();
            ran++;
        }
        return ran;
    }
}
