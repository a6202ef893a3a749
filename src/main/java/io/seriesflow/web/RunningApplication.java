package io.seriesflow.web;

import io.seriesflow.config.Settings;
import io.seriesflow.engine.Dataset;
import io.seriesflow.engine.DisconnectReason;
import io.seriesflow.engine.LiveStream;
import io.seriesflow.engine.ReplaySource;
import io.seriesflow.engine.StreamId;
import io.seriesflow.engine.StreamPump;
import io.seriesflow.protocol.CompatibleFrameEncoder;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one deployment started: the settings, the demo stream and its pump, and the scheduler lease.
 * Built by the listener, read by the endpoint and servlets, closed on undeploy.
 *
 * <p>Thread-safe: its parts are thread-safe and {@link #close()} runs once.
 */
public final class RunningApplication implements AutoCloseable {
    /** The stream the demo dataset feeds; what a client without a stream parameter receives. */
    public static final StreamId DEMO_STREAM = StreamId.of("demo");

    private static final System.Logger LOG = System.getLogger(RunningApplication.class.getName());

    private final Settings settings;
    private final Dataset dataset;
    private final String datasetLoadedBy;
    private final SchedulerLease scheduler;
    private final LiveStream demoStream;
    private final StreamPump demoPump;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningApplication(Settings settings, Dataset dataset, String datasetLoadedBy, SchedulerLease scheduler,
                               InstantSource clock) {
        this.settings = settings;
        this.dataset = dataset;
        this.datasetLoadedBy = datasetLoadedBy;
        this.scheduler = scheduler;
        this.demoStream = new LiveStream(DEMO_STREAM, new CompatibleFrameEncoder(), clock);
        this.demoPump = new StreamPump(demoStream, new ReplaySource(dataset), settings.tickInterval());
    }

    /**
     * Starts the demo stream on the lease's executor.
     *
     * @param datasetLoadedBy who created the dataset's holder: "cdi" or "application"
     */
    public static RunningApplication start(Settings settings, Dataset dataset, String datasetLoadedBy,
                                           SchedulerLease scheduler, InstantSource clock) {
        RunningApplication application = new RunningApplication(settings, dataset, datasetLoadedBy, scheduler, clock);
        application.demoPump.start(scheduler.executor());
        LOG.log(Level.INFO, "Seriesflow started: scheduler {0}, dataset {1} loaded by {2}",
                scheduler.describe(), dataset.origin(), datasetLoadedBy);
        return application;
    }

    /** Finds a stream by name; only the demo stream exists so far. */
    public java.util.Optional<LiveStream> stream(StreamId id) {
        return DEMO_STREAM.equals(id) ? java.util.Optional.of(demoStream) : java.util.Optional.empty();
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

    public LiveStream demoStream() {
        return demoStream;
    }

    public StreamPump demoPump() {
        return demoPump;
    }

    /** Stops the pump, closes every client with "going away", then releases the scheduler. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        demoPump.stop();
        demoStream.disconnectAll(DisconnectReason.SERVER_SHUTDOWN);
        scheduler.close();
        LOG.log(Level.INFO, "Seriesflow stopped");
    }
}
