package io.seriesflow.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of one publish, and the one way to withdraw it: {@link #cancel} succeeds only while the publish
 * has not started on its stream's lane, and then it never will. So a caller that gives up waiting (and answers
 * 503) can promise that nothing was applied; if {@code cancel} returns false, the publish is being applied and
 * its result follows.
 *
 * <p>Thread-safe.
 */
public final class PendingPublish extends CompletableFuture<PublishResult> {
    private final AtomicBoolean started = new AtomicBoolean();

    /** A publish refused before it reached a lane. */
    public static PendingPublish failed(Throwable failure) {
        PendingPublish publish = new PendingPublish();
        publish.started.set(true);
        publish.completeExceptionally(failure);
        return publish;
    }

    /**
     * Called by the log just before it applies the publish: false when it was withdrawn and must not be applied.
     * After a true, {@link #cancel} fails.
     */
    public boolean start() {
        return started.compareAndSet(false, true);
    }

    /** Withdraws the publish if it has not started; true means it will never be applied. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return started.compareAndSet(false, true) && super.cancel(false);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
