package io.seriesflow.web;

import io.seriesflow.config.ConfigSource;
import io.seriesflow.config.Settings;
import io.seriesflow.engine.Dataset;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
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
            boolean viaCdi = injectedDataset != null;
            DemoDataset holder = viaCdi ? injectedDataset : new DemoDataset();
            Dataset dataset = holder.load(settings.dataset());
            SchedulerLease scheduler = SchedulerLease.obtain();
            try {
                application = RunningApplication.start(settings, dataset, viaCdi ? "cdi" : "application", scheduler,
                        InstantSource.system());
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
