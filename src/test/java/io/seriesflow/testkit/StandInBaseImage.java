package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The image every stand-in derives from: a minimal Debian rootfs with OpenJDK 17's headless runtime (bash, no curl
 * or wget), made with {@code debootstrap} from the machine's own Debian mirror and imported as {@link #REFERENCE}.
 * Built once: an image already present under that reference is reused. Not thread-safe: the tests call it from
 * one thread.
 */
final class StandInBaseImage {
    static final String SUITE = "bookworm";
    static final String JAVA_PACKAGE = "openjdk-17-jre-headless";
    static final String REFERENCE = "seriesflow-stand-in/debian-jre:" + SUITE + "-openjdk17";
    private static final Duration DEBOOTSTRAP = Duration.ofMinutes(15);

    private StandInBaseImage() {
    }

    /** The base image's reference, after building it if it is missing. {@code work} holds the rootfs meanwhile. */
    static String ensure(Path work) {
        if (DockerEngine.imageExists(REFERENCE)) {
            System.out.println("[docker] stand-in base " + REFERENCE + ": present, reused");
            return REFERENCE;
        }
        long started = System.nanoTime();
        Path rootfs = work.toAbsolutePath().resolve("rootfs");
        removeTree(rootfs);
        String mirror = DebianMirror.forSuite(SUITE);
        Command.run(DEBOOTSTRAP, List.of("debootstrap", "--variant=minbase", "--include=" + JAVA_PACKAGE, SUITE,
                rootfs.toString(), mirror)).requireSuccess();
        // As Debian's own images do: no package cache or lists in the image.
        Command.run(DockerEngine.QUICK, "find", rootfs.resolve("var/cache/apt").toString(),
                rootfs.resolve("var/lib/apt/lists").toString(), "-type", "f", "-delete").requireSuccess();
        importRootfs(rootfs, javaHome(rootfs));
        removeTree(rootfs);
        System.out.printf("[docker] stand-in base %s: built with debootstrap (%s, %s) in %d s%n", REFERENCE, SUITE,
                JAVA_PACKAGE, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return REFERENCE;
    }

    /** The JDK's directory inside the rootfs, e.g. /usr/lib/jvm/java-17-openjdk-amd64. */
    private static String javaHome(Path rootfs) {
        try (Stream<Path> jvms = Files.list(rootfs.resolve("usr/lib/jvm"))) {
            return jvms.filter(p -> p.getFileName().toString().startsWith("java-17-openjdk-"))
                    .filter(p -> !Files.isSymbolicLink(p))
                    .map(p -> "/" + rootfs.relativize(p)).findFirst()
                    .orElseThrow(() -> new AssertionError("no OpenJDK 17 under " + rootfs + "/usr/lib/jvm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tar -C rootfs -c . | docker import --change ... - REFERENCE}, with the environment a JDK image sets. */
    private static void importRootfs(Path rootfs, String javaHome) {
        ProcessBuilder tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-c", ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        ProcessBuilder dockerImport = new ProcessBuilder("docker", "import",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--change", "ENV JAVA_HOME=" + javaHome,
                "--change", "ENV LANG=C.UTF-8",
                "--change", "CMD [\"bash\"]",
                "-", REFERENCE).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        try {
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(tar, dockerImport));
            Process last = pipeline.get(1);
            if (!last.waitFor(DEBOOTSTRAP.toMillis(), TimeUnit.MILLISECONDS)) {
                pipeline.forEach(Process::destroyForcibly);
                throw new AssertionError("docker import of " + rootfs + " did not finish");
            }
            if (pipeline.get(0).waitFor() != 0 || last.exitValue() != 0) {
                throw new AssertionError("tar | docker import of " + rootfs + " failed (output above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while importing " + rootfs, e);
        }
    }

    /** {@code rm -rf}: a rootfs holds device nodes and absolute symbolic links that plain Java walks trip over. */
    static void removeTree(Path directory) {
        Command.run(DockerEngine.QUICK, "rm", "-rf", "--one-file-system", directory.toString()).requireSuccess();
    }
}
