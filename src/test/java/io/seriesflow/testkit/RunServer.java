package io.seriesflow.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code mvn -Prun package}: runs the freshly built WAR as the root application of the real Tomcat distribution
 * the build fetched, on http://localhost:8080/ (or {@code -Dseriesflow.port}), with the demo stream. Tomcat's
 * output goes to this console; Ctrl-C stops it gracefully.
 */
public final class RunServer {
    private RunServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(System.getProperty("seriesflow.port", "8080"));
        ensureFree(port);
        TomcatDistribution tomcat = TomcatDistribution.prepare(
                Path.of(System.getProperty("seriesflow.work", "target/run")), port, "ROOT");
        ProcessBuilder builder = new ProcessBuilder(tomcat.command()).directory(tomcat.base().toFile()).inheritIO();
        builder.environment().putAll(tomcat.environment(Map.of()));
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "seriesflow-run-stop"));
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://localhost:" + port + "/";
        Awaits.await("Tomcat to serve " + url, Duration.ofSeconds(60),
                () -> !process.isAlive() || Http.statusOrMinusOne(http, tomcat.baseUri().resolve("api/info")) == 200);
        if (process.isAlive()) {
            System.out.println();
            System.out.println("  Seriesflow is running on " + url + "  (Ctrl-C to stop)");
            System.out.println();
        }
        System.exit(process.waitFor());
    }

    private static void ensureFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " is taken; choose another with -Dseriesflow.port=NNNN", e);
        }
    }
}
