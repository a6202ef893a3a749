package io.seriesflow.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes an official image the repository names available locally (a Dockerfile's base, or an image
 * {@code docker/compose.yaml} runs), so that the Dockerfile builds and the compose file runs unchanged: the official
 * image when it is present or can be pulled; otherwise a stand-in built under the official reference on top of
 * {@link StandInBaseImage}, from the same version's distribution on Maven Central (Tomcat, Payara Micro) or from
 * Debian's package of the same upstream version (Redis, HAProxy), as {@link StandInRecipe} says. A stand-in is
 * rebuilt only when its recipe changed. Prints which one it used. Not thread-safe: the tests call it from one
 * thread.
 */
public final class StandInImages {
    /** Marks a stand-in (its value says what it is built from); official images never carry it. */
    public static final String STAND_IN_LABEL = "io.seriesflow.stand-in";
    static final String RECIPE_LABEL = "io.seriesflow.stand-in.recipe";
    private static final Duration BUILD = Duration.ofMinutes(10);

    private StandInImages() {
    }

    /** Where the base came from, for the test log and for assertions. */
    public enum Origin { OFFICIAL, STAND_IN }

    /** Ensures {@code image} exists locally; {@code work} holds build contexts (under target/). */
    public static Origin ensure(ImageReference image, Path work) {
        String reference = image.toString();
        boolean present = DockerEngine.imageExists(reference);
        if (present && DockerEngine.imageLabel(reference, STAND_IN_LABEL).isEmpty()) {
            System.out.println("[docker] base " + reference + ": the official image, present locally");
            return Origin.OFFICIAL;
        }
        Command.Outcome pull = DockerEngine.pull(reference);
        if (pull.succeeded()) {
            System.out.println("[docker] base " + reference + ": the official image, pulled");
            return Origin.OFFICIAL;
        }
        System.out.println("[docker] base " + reference + ": the official image cannot be pulled here ("
                + pull.tail(1).strip() + ")");
        StandInRecipe recipe = StandInRecipe.forImage(image);
        if (present && recipe.digest().equals(DockerEngine.imageLabel(reference, RECIPE_LABEL))) {
            System.out.println("[docker] base " + reference + ": the stand-in built earlier, reused ("
                    + DockerEngine.imageLabel(reference, STAND_IN_LABEL) + ")");
            return Origin.STAND_IN;
        }
        String outdated = present ? DockerEngine.docker("image", "inspect", "--format", "{{.Id}}", reference) : null;
        build(reference, recipe, work);
        if (outdated != null) {
            // The tag moved to the new build; the old one would stay behind as a dangling image of ~350 MB.
            DockerEngine.removeImage(outdated);
        }
        return Origin.STAND_IN;
    }

    private static void build(String reference, StandInRecipe recipe, Path work) {
        requireDebootstrap();
        long started = System.nanoTime();
        String base = StandInBaseImage.ensure(work.resolve("base"));
        Path context = work.toAbsolutePath().resolve("context-" + recipe.name());
        recipe.prepareContext(context);
        // --force-rm: a failed step's container is removed too (the classic builder keeps it otherwise).
        List<String> command = new ArrayList<>(List.of("docker", "build", "--force-rm", "--build-arg", "BASE=" + base,
                "--label", RECIPE_LABEL + "=" + recipe.digest(), "--tag", reference));
        for (Map.Entry<String, String> argument : recipe.buildArguments().entrySet()) {
            command.addAll(List.of("--build-arg", argument.getKey() + "=" + argument.getValue()));
        }
        command.add(context.toString());
        Command.run(BUILD, command).requireSuccess();
        StandInBaseImage.removeTree(context);
        System.out.printf("[docker] base %s: built a stand-in (%s) in %d s%n", reference,
                DockerEngine.imageLabel(reference, STAND_IN_LABEL),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static void requireDebootstrap() {
        boolean installed = Stream.of("/usr/sbin/debootstrap", "/usr/bin/debootstrap")
                .anyMatch(path -> Files.isExecutable(Path.of(path)));
        if (!installed) {
            throw new AssertionError("no registry access and no debootstrap to build a stand-in base image:"
                    + " apt-get install -y debootstrap (.ci/run does), or make the official images available");
        }
    }
}
