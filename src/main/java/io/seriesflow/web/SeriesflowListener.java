package io.seriesflow.web;

import io.seriesflow.config.ConfigSource;
import io.seriesflow.config.Setting;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.Dataset;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.List;

/**
 * The composition root: builds the application at deploy and closes it at undeploy.
 *
 * <p>On a container with CDI the demo dataset's holder is injected (an {@code @ApplicationScoped} bean); on
 * Tomcat the field stays {@code null} and the listener creates the holder itself. A failure here (bad setting,
 * bad dataset) fails the deployment, with the cause in the container's log.
 */
@WebListener
public class SeriesflowListener implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(SeriesflowListener.class.getName());

    @Inject
    DemoDataset injectedDataset;

    private RunningApplication application;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            Settings settings = Settings.read(List.of(
                    ConfigSource.environment(System.getenv()),
                    ConfigSource.systemProperties(System::getProperty),
                    ConfigSource.contextParameters(context::getInitParameter)));
            sizeInboundBuffers(context, settings.integer(Setting.MAX_MESSAGE_BYTES));
            boolean viaCdi = injectedDataset != null;
            DemoDataset holder = viaCdi ? injectedDataset : new DemoDataset();
            Dataset dataset = holder.load(settings.dataset());
            SchedulerLease scheduler = SchedulerLease.obtain();
            try {
                SendMode sendMode = SendMode.resolve(settings.raw(Setting.SEND_MODE), context.getServerInfo());
                application = RunningApplication.start(settings, dataset, viaCdi ? "cdi" : "application", scheduler,
                        sendMode, InstantSource.system());
                ActiveApplication.bind(application);
            } catch (RuntimeException e) {
                if (application != null) {
                    application.close();
                } else {
                    scheduler.close();
                }
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Seriesflow failed to start at \"" + context.getContextPath() + "/\": "
                    + e.getMessage());
            throw e;
        }
    }

    /**
     * Containers allocate each new session's inbound message buffers at their default size before the endpoint
     * sees the session (Tomcat: 8 KiB of bytes and 8 Ki chars, about 24 KiB per connection). Nothing larger than
     * the message limit is ever accepted, so the defaults shrink to it.
     */
    private static void sizeInboundBuffers(ServletContext context, int maxMessageBytes) {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            container.setDefaultMaxTextMessageBufferSize(maxMessageBytes);
            container.setDefaultMaxBinaryMessageBufferSize(maxMessageBytes);
        } else {
            LOG.log(Level.WARNING, "No WebSocket server container in the servlet context; /ws will not work");
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        RunningApplication running = application;
        if (running != null) {
            ActiveApplication.clear(running);
            running.close();
            application = null;
        }
    }
}
