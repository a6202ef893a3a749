package io.seriesflow.web;

import io.seriesflow.config.Generator;
import io.seriesflow.config.Setting;
import io.seriesflow.config.Settings;
import io.seriesflow.config.StreamLabelSetting;
import io.seriesflow.engine.ClientLimits;
import io.seriesflow.engine.ConnectionPolicy;
import io.seriesflow.engine.Dataset;
import io.seriesflow.engine.EngineMetrics;
import io.seriesflow.engine.Epochs;
import io.seriesflow.engine.FanOutBatching;
import io.seriesflow.engine.Hub;
import io.seriesflow.engine.InboundLimits;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.PointSource;
import io.seriesflow.engine.RandomWalkSource;
import io.seriesflow.engine.ReplaySource;
import io.seriesflow.engine.SendThreads;
import io.seriesflow.engine.SineSource;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamLabel;
import io.seriesflow.engine.StreamLimits;
import io.seriesflow.engine.StreamPump;
import io.seriesflow.engine.StreamRegistry;
import io.seriesflow.engine.Ticker;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one deployment started: the settings, the engine's {@link Hub} with the demo and generator
 * streams, the scheduler lease and, when sends block, the send pool. Built by the listener, read by the endpoint,
 * filter and servlets, closed on undeploy.
 *
 * <p>Thread-safe: its parts are thread-safe and {@link #close()} runs once.
 */
public final class RunningApplication implements AutoCloseable {
    /** The stream the demo dataset feeds; what a compatible-mode client without a stream parameter receives. */
    public static final StreamId DEMO_STREAM = StreamId.of(Settings.DEMO_STREAM);

    private static final System.Logger LOG = System.getLogger(RunningApplication.class.getName());
    /** A send turn running longer than this is stuck on a client that stopped reading; a thread is added. */
    static final long STUCK_SEND_MILLIS = 20;
    /** How often the send threads are checked for stuck ones. */
    static final long SEND_WATCH_MILLIS = 10;

    private final Settings settings;
    private final Dataset dataset;
    private final String datasetLoadedBy;
    private final SchedulerLease scheduler;
    private final SendMode sendMode;
    private final Optional<SendThreads> sendThreads;
    /** Tomcat's write of pre-encoded text, unless {@code seriesflow.tomcat-text-writes=off}. */
    private final Optional<TomcatTextWriter.Finder> tomcatTextWrites;
    private final Hub hub;
    private final LogBackend backend;
    private final InboundLimits inboundLimits;
    private final InstantSource clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IngestCounters ingestCounters = new IngestCounters();
    private final Optional<PrometheusMetrics> prometheus;
    private final long startedNanos = System.nanoTime();

    private RunningApplication(Settings settings, Dataset dataset, String datasetLoadedBy, SchedulerLease scheduler,
                               SendMode sendMode, InstantSource clock) {
        this.settings = settings;
        this.dataset = dataset;
        this.datasetLoadedBy = datasetLoadedBy;
        this.scheduler = scheduler;
        this.sendMode = sendMode;
        this.clock = clock;
        this.sendThreads = sendMode == SendMode.BLOCKING ? Optional.of(sendThreads(settings)) : Optional.empty();
        boolean textWrites = "auto".equals(settings.raw(Setting.TOMCAT_TEXT_WRITES));
        this.tomcatTextWrites = sendMode == SendMode.BLOCKING && textWrites
                ? Optional.of(new TomcatTextWriter.Finder()) : Optional.empty();
        EngineLimits limits = EngineLimits.from(settings);
        this.inboundLimits = limits.inbound();
        Ticker ticker = Ticker.system();
        StreamRegistry registry = new StreamRegistry(limits.streams(), scheduler.executor(), clock, ticker,
                new Epochs(), configuredLabels(settings),
                sendThreads.<FanOutBatching>map(threads -> threads).orElseGet(FanOutBatching::none));
        LogBackend opened = null;
        try {
            opened = LogBackend.open(settings, registry, clock, ticker, settings.nodeId());
            this.backend = opened;
            this.hub = new Hub(registry, opened.log(), opened.leases(), limits.clients(), limits.connections(), clock,
                    ticker, sendThreads.<Executor>map(threads -> threads).orElseGet(SendThreads::none),
                    settings.metricsEnabled() ? EngineMetrics.recording() : EngineMetrics.off());
            hub.addPump(new StreamPump(DEMO_STREAM, new ReplaySource(dataset), settings.tickInterval(), ticker,
                    opened.log(), opened.leases()));
            for (Generator generator : settings.generators()) {
                hub.addPump(new StreamPump(StreamId.of(generator.stream()), source(generator),
                        Duration.ofMillis(generator.intervalMillis()), ticker, opened.log(), opened.leases()));
            }
        } catch (RuntimeException e) {
            // A bad setting or an unreachable log fails the deployment; nothing it started may outlive it.
            sendThreads.ifPresent(SendThreads::close);
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.prometheus = settings.metricsEnabled()
                ? Optional.of(new PrometheusMetrics(this, settings.integer(Setting.METRICS_TOP_STREAMS)))
                : Optional.empty();
    }

    /**
     * Starts the streams on the lease's executor.
     *
     * @param datasetLoadedBy who created the dataset's holder: "cdi" or "application"
     * @param sendMode the resolved {@code seriesflow.send-mode}
     */
    static RunningApplication start(Settings settings, Dataset dataset, String datasetLoadedBy,
                                    SchedulerLease scheduler, SendMode sendMode, InstantSource clock) {
        RunningApplication application = new RunningApplication(settings, dataset, datasetLoadedBy, scheduler,
                sendMode, clock);
        try {
            application.hub.start(scheduler.executor());
            application.sendThreads.ifPresent(threads -> threads.watch(scheduler.executor(), SEND_WATCH_MILLIS));
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
        LOG.log(Level.INFO, "Seriesflow started: scheduler {0}, sends {1}, dataset {2} loaded by {3}, publishing {4}",
                scheduler.describe(), application.describeSends(), dataset.origin(), datasetLoadedBy,
                settings.publishToken().isPresent() ? "enabled (bearer token)" : "disabled (no token configured)");
        return application;
    }

    /** {@code seriesflow.stream-labels} as the engine's labels (already validated by the settings). */
    private static Map<StreamId, StreamLabel> configuredLabels(Settings settings) {
        Map<StreamId, StreamLabel> labels = new HashMap<>();
        for (StreamLabelSetting label : settings.streamLabels()) {
            labels.put(StreamId.of(label.stream()), new StreamLabel(label.displayName(), label.unit()));
        }
        return labels;
    }

    private static PointSource source(Generator generator) {
        long seed = generator.stream().hashCode();
        return switch (generator.kind()) {
            case SINE -> new SineSource(0, 10, 200, 0.4, seed);
            case RANDOM_WALK -> new RandomWalkSource(100, 0.5, seed);
        };
    }

    public Settings settings() {
        return settings;
    }

    public Dataset dataset() {
        return dataset;
    }

    public String datasetLoadedBy() {
        return datasetLoadedBy;
    }

    public SchedulerLease scheduler() {
        return scheduler;
    }

    SendMode sendMode() {
        return sendMode;
    }

    /**
     * The blocking sends' threads: {@code seriesflow.send-threads} (0: twice the processors, at least 4), and up
     * to {@code seriesflow.send-threads-max} while some are stuck on clients that stopped reading.
     */
    private static SendThreads sendThreads(Settings settings) {
        int configured = settings.integer(Setting.SEND_THREADS);
        int base = configured > 0 ? configured : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        int max = Math.max(base, settings.integer(Setting.SEND_THREADS_MAX));
        return new SendThreads(base, max, STUCK_SEND_MILLIS, Ticker.system());
    }

    /** "blocking on N threads (up to M), timeout T ms" or "async". */
    String describeSends() {
        return sendThreads.map(threads -> "blocking on " + threads.baseThreads() + " threads (up to "
                + threads.maxThreads() + " while sends are stuck; " + SendThreads.THREAD_NAME_PREFIX
                + "*), timeout " + settings.blockingSendTimeoutMillis() + " ms").orElse("async");
    }

    public Hub hub() {
        return hub;
    }

    /** Where blocking text sends find Tomcat's write of pre-encoded text; empty when off or sends are async. */
    Optional<TomcatTextWriter.Finder> tomcatTextWrites() {
        return tomcatTextWrites;
    }

    /**
     * How text frames are written, for the info API: "tomcat" (pre-encoded, through Tomcat's message write),
     * "sendText", or "unknown" before the first connection shows which.
     */
    String describeTextWrites() {
        return tomcatTextWrites.map(finder -> finder.reachable().map(found -> found ? "tomcat" : "sendText")
                .orElse("unknown")).orElse("sendText");
    }

    /** The blocking sends' pool, when sends block. */
    Optional<SendThreads> sendPool() {
        return sendThreads;
    }

    /** What the ingest API published and refused. */
    IngestCounters ingestCounters() {
        return ingestCounters;
    }

    /** Who may read {@code /metrics}. */
    AccessRule metricsAccess() {
        return new AccessRule("/metrics", settings.metricsToken(), false, settings.metricsAllowedAddresses(),
                "seriesflow.metrics");
    }

    /** Who may open the operations page and its API. */
    AccessRule opsAccess() {
        return new AccessRule("the operations page", settings.opsToken(), true, settings.opsAllowedAddresses(),
                "seriesflow.ops");
    }

    /** The Prometheus registry, unless {@code seriesflow.metrics=off}. */
    Optional<PrometheusMetrics> prometheus() {
        return prometheus;
    }

    /** How long ago the application started (monotonic). */
    long nanosSinceStart() {
        return System.nanoTime() - startedNanos;
    }

    /** This node's name, and where its streams are ordered and kept. */
    LogBackend backend() {
        return backend;
    }

    public InboundLimits inboundLimits() {
        return inboundLimits;
    }

    /** Whether {@code permessage-deflate} may be negotiated. */
    boolean compressionEnabled() {
        return "on".equals(settings.raw(Setting.WEBSOCKET_COMPRESSION));
    }

    public InstantSource clock() {
        return clock;
    }

    /** Stops accepting, lets in-flight publishes finish, closes every client with 1001, releases the scheduler. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hub.close();
        backend.close();
        sendThreads.ifPresent(SendThreads::close);
        scheduler.close();
        LOG.log(Level.INFO, "Seriesflow stopped");
    }
}
