package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An image name and tag, e.g. {@code tomcat:11.0.24-jdk17-temurin}, such as a Dockerfile's FROM line names. */
public record ImageReference(String repository, String tag) {

    /** The base image of a single-stage Dockerfile: its one FROM line. */
    public static ImageReference baseOf(Path dockerfile) {
        try {
            List<String> from = Files.readAllLines(dockerfile).stream().map(String::strip)
                    .filter(line -> line.regionMatches(true, 0, "FROM ", 0, 5)).toList();
            if (from.size() != 1) {
                throw new AssertionError(dockerfile + " should have exactly one FROM line: " + from);
            }
            return parse(from.get(0).substring(5).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImageReference parse(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || reference.indexOf('/', colon) >= 0) {
            throw new AssertionError("pin the base image's tag: " + reference);
        }
        return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
    }

    /** The version the tag starts with: 11.0.24 in {@code 11.0.24-jdk17-temurin}. */
    public String version() {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
