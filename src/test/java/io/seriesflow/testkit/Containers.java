package io.seriesflow.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Waiting for a containerised application, and looking inside the container's JVM. */
public final class Containers {
    private Containers() {
    }

    /**
     * Polls the URL until it answers 200. Fails at once when the process dies or its log reports a failed
     * deployment (Payara keeps running after one), with the log's tail.
     */
    public static void awaitReady(ChildProcess process, HttpClient http, URI url, Duration timeout) {
        Awaits.await(url + " to answer 200", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the container exited before the application was ready\n"
                        + process.logTail(80));
            }
            String log = process.log().toLowerCase(Locale.ROOT);
            if (log.contains("deployment failed") || log.contains("startup failed due to previous errors")) {
                throw new AssertionError("the deployment failed\n" + process.logTail(80));
            }
            return Http.statusOrMinusOne(http, url) == 200;
        }, () -> process.logTail(30));
    }

    /** Names of the live threads of a JVM, read with {@code jcmd <pid> Thread.print}. */
    public static List<String> threadNames(long pid) {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .start();
            String dump = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError("jcmd failed: " + dump);
            }
            return dump.lines().filter(line -> line.startsWith("\"")).map(line -> line.substring(1,
                    line.indexOf('"', 1))).toList();
        } catch (IOException e) {
            throw new AssertionError("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
