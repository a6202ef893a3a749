package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Payara Micro (from Maven Central, copied by the build) running the WAR as a child process. */
public final class PayaraMicro {
    private PayaraMicro() {
    }

    /** Starts Payara Micro with a fresh root directory; the application lives at {@code /seriesflow/}. */
    public static ChildProcess start(Path work, int port, Map<String, String> applicationEnvironment) {
        return start(Path.of(System.getProperty("seriesflow.payara.jar", "")), Path.of(System.getProperty("java.home")),
                work, port, applicationEnvironment);
    }

    /** Starts the given Payara Micro jar on the given JDK. */
    public static ChildProcess start(Path payaraJar, Path javaHome, Path work, int port,
                                     Map<String, String> applicationEnvironment) {
        Path jar = payaraJar.toAbsolutePath();
        Path war = Path.of(System.getProperty("seriesflow.war", "target/seriesflow.war")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Payara Micro at " + jar + "; run mvn package first");
        }
        try {
            Path dir = Files.createDirectories(
                    work.toAbsolutePath().resolve("payara-" + port + "-" + System.nanoTime()));
            String java = javaHome.resolve("bin").resolve("java").toString();
            List<String> command = List.of(java, "-Xmx512m", "-jar", jar.toString(), "--deploy", war.toString(),
                    "--port", Integer.toString(port), "--nohazelcast", "--rootdir", dir.resolve("root").toString());
            return ChildProcess.start("payara-micro", command, applicationEnvironment, dir, dir.resolve("console.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static URI baseUri(int port) {
        return URI.create("http://127.0.0.1:" + port + "/seriesflow/");
    }
}
