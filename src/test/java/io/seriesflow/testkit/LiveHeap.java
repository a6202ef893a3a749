package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM on this machine: a full GC through {@code jcmd <pid> GC.run}, then the used
 * bytes of the heap's generations from {@code GC.heap_info} (ParallelGC's young and old generations, or G1's
 * whole heap). The jcmd of the JDK running the tests is used.
 */
public final class LiveHeap {
    private static final Pattern HEAP_LINE = Pattern.compile(
            "^\\s*(PSYoungGen|ParOldGen|garbage-first heap|def new generation|tenured generation)\\b.*?used (\\d+)K",
            Pattern.MULTILINE);

    private LiveHeap() {
    }

    /** Bytes of heap in use right after a full collection. */
    public static long usedAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher matcher = HEAP_LINE.matcher(info);
        long usedKiB = 0;
        boolean found = false;
        while (matcher.find()) {
            usedKiB += Long.parseLong(matcher.group(2));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap usage in jcmd GC.heap_info output:\n" + info);
        }
        return usedKiB * 1024;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd", e);
        }
    }
}
