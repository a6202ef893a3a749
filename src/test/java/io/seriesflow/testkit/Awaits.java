package io.seriesflow.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure says what was awaited. */
public final class Awaits {
    private static final long POLL_MILLIS = 20;

    private Awaits() {
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        awaitValue(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, () -> "");
    }

    /** Like {@link #await} with a description of the last observed state in the failure. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        awaitValue(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, state);
    }

    /**
     * Like {@link #await(String, Duration, BooleanSupplier, Supplier)}, polling every {@code poll}: for conditions
     * that cost a server something each time (requests through a load balancer fill its log).
     */
    public static void await(String what, Duration timeout, Duration poll, BooleanSupplier condition,
                             Supplier<String> state) {
        awaitValue(what, timeout, poll, () -> condition.getAsBoolean() ? Boolean.TRUE : null, state);
    }

    /** Polls until the supplier returns non-null, and returns that value. */
    public static <T> T awaitValue(String what, Duration timeout, Supplier<T> supplier, Supplier<String> state) {
        return awaitValue(what, timeout, Duration.ofMillis(POLL_MILLIS), supplier, state);
    }

    private static <T> T awaitValue(String what, Duration timeout, Duration poll, Supplier<T> supplier,
                                    Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + describe(state));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String describe(Supplier<String> state) {
        String text = state.get();
        return text == null || text.isEmpty() ? "" : "; last state: " + text;
    }
}
