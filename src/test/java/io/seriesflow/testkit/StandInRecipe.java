package io.seriesflow.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How to build a stand-in for one official image: a recipe directory under {@code src/test/docker/stand-in/}
 * (Dockerfile and scripts) and its build arguments. The base images' recipes (Tomcat, Payara Micro) also take the
 * distribution from Maven Central that the build fetched, which goes into the build context beside the recipe under
 * {@code contextName}; the compose file's images (Redis, HAProxy) take none: their Dockerfiles install Debian's
 * package with apt and check that its version is the tag's.
 *
 * @param name           the recipe directory's name
 * @param buildArguments the Dockerfile's ARGs (BASE is added when building)
 * @param distribution   a file or directory the build unpacked or copied from Maven Central, or null
 * @param contextName    its name in the build context, or null
 */
record StandInRecipe(String name, Map<String, String> buildArguments, Path distribution, String contextName) {
    private static final Path RECIPES = Path.of("src/test/docker/stand-in");

    /**
     * The recipe for an official image the repository's Dockerfiles or compose file use; a Maven-fetched version
     * must match the build's.
     */
    static StandInRecipe forImage(ImageReference image) {
        return switch (image.repository()) {
            case "tomcat" -> {
                String version = requireSameVersion(image, "seriesflow.tomcat.version", "tomcat-dist.version");
                yield new StandInRecipe("tomcat", Map.of("TOMCAT_VERSION", version),
                        Path.of(System.getProperty("seriesflow.tomcat.home", "")), "apache-tomcat-" + version);
            }
            case "payara/micro" -> {
                String version = requireSameVersion(image, "seriesflow.payara.version", "payara-micro.version");
                yield new StandInRecipe("payara-micro", Map.of("PAYARA_VERSION", version),
                        Path.of(System.getProperty("seriesflow.payara.jar", "")), "payara-micro.jar");
            }
            case "redis" -> fromDebianPackage("redis", "REDIS_VERSION", image);
            case "haproxy" -> fromDebianPackage("haproxy", "HAPROXY_VERSION", image);
            default -> throw new AssertionError("no stand-in recipe for " + image + " under " + RECIPES);
        };
    }

    /** A recipe whose Dockerfile installs Debian's package and fails unless it is the tag's version. */
    private static StandInRecipe fromDebianPackage(String name, String versionArgument, ImageReference image) {
        if (!image.tag().equals(image.version()) || !image.version().matches("\\d+\\.\\d+\\.\\d+")) {
            throw new AssertionError("pin " + image + " to a full upstream version (e.g. " + image.repository()
                    + ":1.2.3): its stand-in checks Debian's package against it");
        }
        return new StandInRecipe(name, Map.of(versionArgument, image.version()), null, null);
    }

    private static String requireSameVersion(ImageReference image, String property, String pomProperty) {
        String fetched = System.getProperty(property, "");
        if (!image.version().equals(fetched)) {
            throw new AssertionError("a Dockerfile is FROM " + image + " but the build fetched version " + fetched
                    + " (" + pomProperty + " in pom.xml) for the tests and the stand-in: keep them in step");
        }
        return fetched;
    }

    Path recipeDirectory() {
        return RECIPES.resolve(name).toAbsolutePath();
    }

    /**
     * A digest of the recipe's files and of the distribution's name, kept as a label on the stand-in, so that a
     * changed recipe or version is rebuilt while an unchanged one is reused.
     */
    String digest() {
        try (Stream<Path> files = Files.walk(recipeDirectory())) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(recipeDirectory().relativize(file).toString().getBytes(UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            sha.update(buildArguments.toString().getBytes(UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Fills a fresh build context: the recipe's files and the distribution, if any (with permissions kept). */
    void prepareContext(Path context) {
        StandInBaseImage.removeTree(context);
        Command.run(DockerEngine.QUICK, "mkdir", "-p", context.toString()).requireSuccess();
        Command.run(DockerEngine.QUICK, "cp", "-a", recipeDirectory() + "/.", context.toString()).requireSuccess();
        if (distribution == null) {
            return;
        }
        if (!Files.exists(distribution)) {
            throw new AssertionError("no distribution at " + distribution + "; run mvn verify (pre-integration-test)");
        }
        Command.run(DockerEngine.QUICK, "cp", "-a", distribution.toAbsolutePath().toString(),
                context.resolve(contextName).toString()).requireSuccess();
    }
}
