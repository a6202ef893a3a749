package io.seriesflow.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * A JUnit extension that prints the logs of the servers a test runs (every node of a cluster, Redis, a compose
 * project) when a test or a set-up method fails, while those servers are still up: the handlers run before
 * {@code @AfterEach}/{@code @AfterAll} tear them down. The failure itself is rethrown unchanged. Thread-safe as its
 * supplier is; JUnit calls it on the test thread.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrintLogsOnFailure LOGS = new PrintLogsOnFailure(() -> cluster.logTails(80));
 * }</pre>
 */
public final class PrintLogsOnFailure implements TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    private final Supplier<String> logs;

    /** {@code logs} may assume nothing started: it is asked only after a failure, and its own failure is shown. */
    public PrintLogsOnFailure(Supplier<String> logs) {
        this.logs = logs;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw print(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw print(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw print(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw print(context, failure);
    }

    private Throwable print(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException) {
            return failure; // a skip (no Docker engine on a developer machine, say): nothing ran, nothing to show
        }
        String text;
        try {
            text = logs.get();
        } catch (RuntimeException | AssertionError e) {
            // The logs are a diagnostic; the test's own failure is what must reach the report.
            failure.addSuppressed(e);
            text = "(the logs could not be read: " + e + ")";
        }
        System.err.println("==== " + context.getDisplayName() + " failed (" + failure + "); logs:\n" + text
                + "\n==== end of logs for " + context.getDisplayName());
        return failure;
    }
}
