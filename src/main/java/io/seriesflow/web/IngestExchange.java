package io.seriesflow.web;

import io.seriesflow.config.Setting;
import io.seriesflow.protocol.IngestFormatException;
import io.seriesflow.protocol.IngestLimitException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted ingest request ({@code POST /api/streams/{name}/points}, or an InfluxDB write) after its headers
 * passed the checks: the body arrives without a thread waiting for it ({@link IngestBodyReader}) within the body
 * deadline, is decoded, and handed to its {@link IngestTarget} to parse and publish; the answer is written when
 * the engine completes, again without a thread waiting. Exactly one
 * answer is written: whoever moves the state to {@code ANSWERED} writes it (a container callback, the deadline
 * on the scheduler, or the engine's completion handed to a container thread). Thread-safe.
 */
final class IngestExchange implements AsyncListener {
    /** How long after its answer an ingest request is completed on containers other than Tomcat. */
    private static final long LATE_COMPLETE_MILLIS = 100;
    /** How long the engine may take to publish before the request gets 503, as for every other engine call. */
    static final long ENGINE_WAIT_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(IngestExchange.class.getName());

    private enum State { READING, PUBLISHING, ANSWERED }

    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final RunningApplication application;
    private final IngestTarget request;
    private volatile ScheduledFuture<?> deadline;
    /** Whether the container is Tomcat, which ends an asynchronous request cleanly at once. */
    private final boolean onTomcat;

    private IngestExchange(AsyncContext async, HttpServletResponse response, RunningApplication application,
                           IngestTarget request) {
        this.async = async;
        this.response = response;
        this.application = application;
        this.request = request;
        String container = async.getRequest().getServletContext().getServerInfo();
        this.onTomcat = container != null && container.startsWith("Apache Tomcat/");
    }

    /** Starts reading the body of a request that passed the header checks; returns at once. */
    static void start(AsyncContext async, HttpServletResponse response, RunningApplication application,
                      IngestTarget request) throws IOException {
        IngestExchange exchange = new IngestExchange(async, response, application, request);
        long bodyMillis = application.settings().number(Setting.INGEST_BODY_TIMEOUT_MS);
        async.addListener(exchange);
        async.setTimeout(bodyMillis + ENGINE_WAIT_MILLIS + 5_000);
        exchange.deadline = application.scheduler().executor().schedule(() -> exchange.refuseLater(State.READING,
                new Problem(Problems.Type.REQUEST_TIMEOUT, "the body did not arrive within " + bodyMillis
                        + " ms (seriesflow.ingest-body-timeout-ms)")), bodyMillis, TimeUnit.MILLISECONDS);
        int maxBytes = application.settings().integer(Setting.INGEST_MAX_BYTES);
        async.getRequest().getInputStream().setReadListener(new IngestBodyReader(async.getRequest().getInputStream(),
                exchange, maxBytes, request.declaredLength()));
    }

    /**
     * Refuses a request before a byte of its body is read (no application, bad token, type, coding or size):
     * counted, answered in the API's error shape with {@code Connection: close} (so the container closes the
     * connection instead of reading the body on this thread), and completed.
     */
    static void refuseUnread(AsyncContext async, HttpServletResponse response, Problem problem,
                             ProblemWriter writer) throws IOException {
        ActiveApplication.current().ifPresent(application -> application.ingestCounters().refused(problem.type()));
        try {
            response.setHeader("Connection", "close");
            writer.write(response, problem);
        } finally {
            async.complete();
        }
    }

    /** How an ingest API writes a refusal: {@link Problems#send} or {@link InfluxErrors#send}. */
    @FunctionalInterface
    interface ProblemWriter {
        void write(HttpServletResponse response, Problem problem) throws IOException;
    }

    boolean isReading() {
        return state.get() == State.READING;
    }

    /** Refuses on the calling container thread while the body is still arriving; the connection is closed. */
    void refuseWhileReading(Problem problem) {
        if (state.compareAndSet(State.READING, State.ANSWERED)) {
            answer(problem, true);
        }
    }

    /** The whole body is in: decode, parse and start publishing, on this container thread (no waiting). */
    void bodyRead(byte[] sent) {
        if (!state.compareAndSet(State.READING, State.PUBLISHING)) {
            return;
        }
        deadline.cancel(false);
        int maxBytes = application.settings().integer(Setting.INGEST_MAX_BYTES);
        IngestTarget.Publication publication;
        try {
            byte[] decoded = request.coding().decode(new ByteArrayInputStream(sent), maxBytes);
            publication = request.publish(application, decoded);
        } catch (IngestFormatException e) {
            finish(new IngestAnswer.Refused(new Problem(Problems.Type.INVALID_BODY, e.getMessage(), e.location())));
            return;
        } catch (IngestLimitException e) {
            finish(new IngestAnswer.Refused(new Problem(Problems.Type.TOO_LARGE, e.getMessage())));
            return;
        }
        if (publication.answer().isDone()) {
            finish(publication.answer().join());
            return;
        }
        await(publication);
    }

    /**
     * Waits for the engine without a thread; what it has not started within {@link #ENGINE_WAIT_MILLIS} is
     * withdrawn (never applied) and the answer says so; what is being applied answers with its result.
     */
    private void await(IngestTarget.Publication publication) {
        deadline = application.scheduler().executor().schedule(publication.withdraw(), ENGINE_WAIT_MILLIS,
                TimeUnit.MILLISECONDS);
        publication.answer().whenComplete((answer, failure) -> published(failure == null ? answer
                : PublishRefusals.of(failure, request.describe())));
    }

    /** The engine's completion, on an engine thread: the answer is written on a container thread. */
    private void published(IngestAnswer answer) {
        if (!state.compareAndSet(State.PUBLISHING, State.ANSWERED)) {
            return;
        }
        deadline.cancel(false);
        onContainerThread(() -> write(answer));
    }

    /** A deadline passed: answer from a container thread if the exchange is still in the given state. */
    private void refuseLater(State expected, Problem problem) {
        if (state.compareAndSet(expected, State.ANSWERED)) {
            onContainerThread(() -> answer(problem, expected == State.READING));
        }
    }

    /** Writes from a container thread, not from the engine's or the scheduler's. */
    private void onContainerThread(Runnable write) {
        try {
            async.start(write);
        } catch (IllegalStateException e) {
            // The container already ended the request (the connection failed meanwhile): nothing to answer.
            LOG.log(Level.DEBUG, () -> "ingest request ended before its answer: " + e);
        }
    }

    /** Answers on this (container) thread after the body was read. */
    private void finish(IngestAnswer answer) {
        if (state.compareAndSet(State.PUBLISHING, State.ANSWERED)) {
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            write(answer);
        }
    }

    private void write(IngestAnswer answer) {
        if (answer instanceof IngestAnswer.Refused refused) {
            if (refused.retryAfter()) {
                response.setHeader("Retry-After", "1");
            }
            answer(refused.problem(), false);
        } else if (answer instanceof IngestAnswer.Json json) {
            answerWith(() -> JsonResponse.write(response, 200, json.body()));
        } else {
            answerWith(() -> response.setStatus(204));
        }
    }

    /** Reading failed: a read timeout gets 408 if the client still listens; a broken connection gets nothing. */
    void readFailed(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            refuseWhileReading(new Problem(Problems.Type.REQUEST_TIMEOUT, "the body stopped arriving"));
        } else if (state.compareAndSet(State.READING, State.ANSWERED)) {
            LOG.log(Level.DEBUG, () -> "ingest body to " + request.describe() + " failed: " + failure);
            completeQuietly();
        }
    }

    private void answer(Problem problem, boolean closeConnection) {
        application.ingestCounters().refused(problem.type());
        try {
            if (closeConnection) {
                // The body was not read: Tomcat then closes the connection instead of reading the rest.
                response.setHeader("Connection", "close");
            }
            request.refuse(response, problem);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "answering an ingest request failed: " + e);
        }
        completeQuietly();
    }

    private void answerWith(Answer write) {
        try {
            write.to();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "answering an ingest request failed: " + e);
        }
        completeQuietly();
    }

    @FunctionalInterface
    private interface Answer {
        void to() throws IOException;
    }

    private void completeQuietly() {
        if (!onTomcat) {
            // Payara may still run a read callback it scheduled before the body's end was seen; if the request
            // is completed (and recycled) first, that callback fails inside the container with a logged
            // NullPointerException. The answer goes out now; the container's side ends a moment later.
            flushQuietly();
            application.scheduler().executor().schedule(this::completeNow, LATE_COMPLETE_MILLIS,
                    TimeUnit.MILLISECONDS);
            return;
        }
        completeNow();
    }

    private void flushQuietly() {
        try {
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            // The client is gone: completing the request is all that is left to do.
            LOG.log(Level.TRACE, () -> "flushing an ingest answer failed: " + e);
        }
    }

    private void completeNow() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // Already completed: the container ended the request after an error on the connection.
            LOG.log(Level.TRACE, () -> "ingest request already complete: " + e);
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        State was = state.getAndSet(State.ANSWERED);
        if (was != State.ANSWERED) {
            answer(new Problem(Problems.Type.UNAVAILABLE, "the request took too long"), was == State.READING);
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        if (state.getAndSet(State.ANSWERED) != State.ANSWERED) {
            LOG.log(Level.DEBUG, () -> "ingest request to " + request.describe() + " failed: "
                    + event.getThrowable());
            completeQuietly();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted: one exchange per request.
    }
}
