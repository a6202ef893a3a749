package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The exploded WAR that {@code package} built, in an embedded Tomcat on a free port, with JNDI enabled as in a
 * real Tomcat. Context parameters and connector properties are set before start.
 */
public final class EmbeddedTomcat implements AutoCloseable {
    private final Tomcat tomcat;
    private final Context context;

    private EmbeddedTomcat(Tomcat tomcat, Context context) {
        this.tomcat = tomcat;
        this.context = context;
    }

    public static EmbeddedTomcat start(String contextPath, Map<String, String> contextParameters,
                                       Map<String, String> connectorProperties) {
        Path webapp = Path.of(System.getProperty("seriesflow.exploded", "target/seriesflow"));
        if (!Files.isDirectory(webapp.resolve("WEB-INF"))) {
            throw new IllegalStateException(webapp + " is not an exploded WAR; run mvn package first");
        }
        try {
            Path base = Files.createDirectories(Path.of("target", "embedded-tomcat"))
                    .resolve("base-" + System.nanoTime());
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createDirectories(base).toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            connectorProperties.forEach((name, value) -> tomcat.getConnector().setProperty(name, value));
            tomcat.enableNaming();
            Context context = tomcat.addWebapp(contextPath, webapp.toAbsolutePath().toString());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            contextParameters.forEach(context::addParameter);
            tomcat.start();
            return new EmbeddedTomcat(tomcat, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("embedded Tomcat did not start", e);
        }
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The application's base URL, ending in '/'. */
    public URI baseUri() {
        String path = context.getPath().isEmpty() ? "/" : context.getPath() + "/";
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI wsUri() {
        return URI.create(baseUri().toString().replaceFirst("^http", "ws") + "ws");
    }

    public boolean applicationIsAvailable() {
        return context.getState() == LifecycleState.STARTED && context.getState().isAvailable();
    }

    /** Stops only the web application, as an undeploy does, leaving Tomcat running. */
    public void undeploy() {
        try {
            context.stop();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts the web application, as a restart of the server does: a new epoch, empty history. */
    public void redeploy() {
        try {
            context.stop();
            context.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
