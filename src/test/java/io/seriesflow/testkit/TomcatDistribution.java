package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Tomcat distribution (unpacked from Maven Central by the build) set up with its own CATALINA_BASE
 * under {@code target/}, on a chosen port, with the WAR in {@code webapps/} and the configuration the Docker
 * image ships ({@code docker/tomcat/server.xml} and {@code setenv.sh}). The instance is started with
 * {@code catalina.sh run} as a child process.
 */
public final class TomcatDistribution {
    private static final Path SHIPPED_CONFIG = Path.of("docker/tomcat").toAbsolutePath();

    private final Path home;
    private final Path base;
    private final int port;
    private final String contextName;
    private final boolean shipped;

    private TomcatDistribution(Path home, Path base, int port, String contextName, boolean shipped) {
        this.home = home;
        this.base = base;
        this.port = port;
        this.contextName = contextName;
        this.shipped = shipped;
    }

    /**
     * As {@link #prepare(Path, int, String)} but with the distribution's own {@code conf/} unchanged apart from
     * its ports (HTTP on {@code port}, no shutdown port) and no {@code setenv.sh}: the WAR dropped into a stock
     * Tomcat.
     */
    public static TomcatDistribution prepareStock(Path work, int port, String contextName) {
        TomcatDistribution shippedLayout = prepare(work, port, contextName);
        try {
            Path home = shippedLayout.home;
            Path conf = shippedLayout.base.resolve("conf/server.xml");
            String stock = Files.readString(home.resolve("conf/server.xml"));
            if (!stock.contains("port=\"8080\"") || !stock.contains("port=\"8005\"")) {
                throw new IllegalStateException("unexpected stock server.xml in " + home);
            }
            Files.writeString(conf, stock.replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
                    .replace("port=\"8005\"", "port=\"-1\""));
            Files.delete(shippedLayout.base.resolve("bin/setenv.sh"));
            return new TomcatDistribution(home, shippedLayout.base, port, contextName, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this instance runs the shipped server.xml and setenv.sh (false: the stock configuration). */
    public boolean shippedConfiguration() {
        return shipped;
    }

    /**
     * Creates a fresh CATALINA_BASE and deploys the WAR as {@code <contextName>.war} ("ROOT" for "/").
     */
    public static TomcatDistribution prepare(Path work, int port, String contextName) {
        return prepare(Path.of(System.getProperty("seriesflow.tomcat.home", "")), work, port, contextName);
    }

    /** As {@link #prepare(Path, int, String)} for the distribution unpacked at {@code home}. */
    public static TomcatDistribution prepare(Path tomcatHome, Path work, int port, String contextName) {
        Path home = tomcatHome.toAbsolutePath();
        Path war = Path.of(System.getProperty("seriesflow.war", "target/seriesflow.war")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("no Tomcat distribution at " + home + "; run mvn package first");
        }
        try {
            Path base = Files.createDirectories(work.toAbsolutePath()).resolve("tomcat-" + port);
            deleteRecursively(base);
            for (String dir : List.of("conf", "logs", "temp", "webapps", "work")) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
                for (Path file : conf.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
            // The configuration the Docker image ships: its server.xml and bin/setenv.sh.
            Files.copy(SHIPPED_CONFIG.resolve("server.xml"), base.resolve("conf/server.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(SHIPPED_CONFIG.resolve("setenv.sh"), Files.createDirectories(base.resolve("bin"))
                    .resolve("setenv.sh"));
            Files.copy(war, base.resolve("webapps").resolve(contextName + ".war"), StandardCopyOption.REPLACE_EXISTING);
            return new TomcatDistribution(home, base, port, contextName, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> command() {
        return List.of("bash", home.resolve("bin/catalina.sh").toString(), "run");
    }

    /**
     * CATALINA_HOME/BASE, the JDK running the tests, and the application's own settings. A CATALINA_OPTS among
     * them comes after the test's own options (heap, address, port), so its settings win.
     */
    public Map<String, String> environment(Map<String, String> applicationEnvironment) {
        Map<String, String> env = new HashMap<>(applicationEnvironment);
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String options = "-Xmx256m -Dseriesflow.http.address=127.0.0.1 -Dseriesflow.http.port=" + port;
        env.put("CATALINA_OPTS", (options + " " + applicationEnvironment.getOrDefault("CATALINA_OPTS", "")).strip());
        return env;
    }

    public int port() {
        return port;
    }

    public ChildProcess start(Map<String, String> applicationEnvironment) {
        return ChildProcess.start("tomcat", command(), environment(applicationEnvironment), base,
                base.resolve("logs/console.log"));
    }

    public Path base() {
        return base;
    }

    /** Removes the WAR from {@code webapps/}; Tomcat's auto-deployer then undeploys the application. */
    public void removeWar() {
        try {
            Files.delete(base.resolve("webapps").resolve(contextName + ".war"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUri() {
        String path = "ROOT".equals(contextName) ? "/" : "/" + contextName + "/";
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
