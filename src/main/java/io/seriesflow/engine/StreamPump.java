package io.seriesflow.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one stream from one source: every interval, while this node holds the stream's source lease, takes the
 * source's next value and appends it to the stream's log.
 *
 * <p>Thread-safe lifecycle: {@link #start}, {@link #stop} and {@link #continueAfter} may be called from any
 * thread; ticks run on the given executor, one at a time ({@code scheduleAtFixedRate} never overlaps runs of one
 * task), and only they touch the source.
 */
public final class StreamPump {
    private static final System.Logger LOG = System.getLogger(StreamPump.class.getName());

    private final StreamId stream;
    private final PointSource source;
    private final Duration interval;
    private final Ticker ticker;
    private final StreamLog log;
    private final SourceLeases leases;
    private final AtomicReference<ScheduledFuture<?>> schedule = new AtomicReference<>();
    private final AtomicReference<LastPoint> continueFrom = new AtomicReference<>();
    private volatile long lastTickNanos;
    private volatile boolean ticked;
    /** Values handed to the log; written by ticks only, which never overlap. */
    private volatile long appended;

    public StreamPump(StreamId stream, PointSource source, Duration interval, Ticker ticker, StreamLog log,
                      SourceLeases leases) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.source = Objects.requireNonNull(source, "source");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.log = Objects.requireNonNull(log, "log");
        this.leases = Objects.requireNonNull(leases, "leases");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
    }

    /** Starts ticking on the executor, the first tick one interval from now. Fails if already started. */
    public void start(ScheduledExecutorService executor) {
        start(executor, 0, 1);
    }

    /**
     * Starts ticking with the first tick after {@code (1 + phase / phases)} intervals, so that pumps started
     * together with phases 0..n-1 of n spread their ticks over the interval instead of all publishing at once.
     */
    public void start(ScheduledExecutorService executor, int phase, int phases) {
        if (phase < 0 || phase >= phases) {
            throw new IllegalArgumentException("phase " + phase + " of " + phases);
        }
        long nanos = interval.toNanos();
        long firstDelay = nanos + nanos / phases * phase;
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(this::tick, firstDelay, nanos,
                TimeUnit.NANOSECONDS);
        if (!schedule.compareAndSet(null, future)) {
            future.cancel(false);
            throw new IllegalStateException("pump for " + stream + " already started");
        }
        LOG.log(Level.INFO, "Stream {0}: {1} every {2} ms", stream, source.describe(), interval.toMillis());
    }

    /** Stops ticking; a tick already running finishes. Idempotent. */
    public void stop() {
        ScheduledFuture<?> future = schedule.getAndSet(null);
        if (future != null) {
            future.cancel(false);
        }
    }

    /** The stream's line stands at this point (another node fed it until now): the next tick continues it. */
    public void continueAfter(long lastSeq, double lastValue) {
        continueFrom.set(new LastPoint(lastSeq, lastValue));
    }

    /**
     * Appends the source's next value while this node holds the stream's lease. Never throws anything but a
     * {@link VirtualMachineError}: a periodic task that throws is silently cancelled by its executor, which would
     * freeze the stream, so any other failure is logged and the next tick tries again.
     */
    public void tick() {
        try {
            if (!leases.holds(stream)) {
                return;
            }
            LastPoint last = continueFrom.getAndSet(null);
            if (last != null) {
                source.continueAfter(last.seq(), last.value());
            }
            log.appendFromSource(stream, source.nextValue());
            appended++; // ticks never overlap: one writer
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Stream " + stream + ": tick failed; the next tick will try again", e);
        } finally {
            lastTickNanos = ticker.nanos();
            ticked = true;
        }
    }

    /** Nanoseconds since the last tick ran (on the monotonic ticker), or empty before the first. */
    public OptionalLong nanosSinceLastTick() {
        return ticked ? OptionalLong.of(ticker.nanos() - lastTickNanos) : OptionalLong.empty();
    }

    /** Values this pump handed to the log since start. */
    public long appended() {
        return appended;
    }

    public Duration interval() {
        return interval;
    }

    public StreamId stream() {
        return stream;
    }

    public PointSource source() {
        return source;
    }

    private record LastPoint(long seq, double value) {
    }
}
