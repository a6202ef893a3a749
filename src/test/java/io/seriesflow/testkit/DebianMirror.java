package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Debian mirror this machine's apt uses, read from {@code /etc/apt/sources.list} and
 * {@code /etc/apt/sources.list.d/} (one-line {@code .list} and deb822 {@code .sources} files) each time it is
 * needed, so that no mirror address is ever written into the repository. {@code -Dseriesflow.debian-mirror=...}
 * overrides it on machines whose apt is not configured for Debian.
 */
public final class DebianMirror {
    private static final Path APT = Path.of("/etc/apt");

    private DebianMirror() {
    }

    /** One {@code deb} source: a mirror URI and the suites apt reads from it. */
    record Source(String uri, List<String> suites) {
    }

    /** The URI of a source serving {@code suite}; else of one serving any Debian release (not -security etc.). */
    public static String forSuite(String suite) {
        String override = System.getProperty("seriesflow.debian-mirror", "");
        if (!override.isBlank()) {
            return override;
        }
        List<Source> sources = sources();
        return sources.stream().filter(s -> s.suites().contains(suite)).findFirst()
                .or(() -> sources.stream().filter(s -> s.suites().stream().anyMatch(n -> n.matches("[a-z]+")))
                        .findFirst())
                .map(Source::uri)
                .orElseThrow(() -> new AssertionError("no Debian mirror in apt's sources under " + APT
                        + " (found " + sources + "); pass -Dseriesflow.debian-mirror=<mirror URI>"));
    }

    static List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        try {
            Path list = APT.resolve("sources.list");
            if (Files.isRegularFile(list)) {
                sources.addAll(oneLineSources(Files.readAllLines(list)));
            }
            Path directory = APT.resolve("sources.list.d");
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".list")) {
                            sources.addAll(oneLineSources(Files.readAllLines(file)));
                        } else if (name.endsWith(".sources")) {
                            sources.addAll(deb822Sources(Files.readString(file)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt's sources", e);
        }
        return sources;
    }

    /** {@code deb [options] uri suite component...} */
    static List<Source> oneLineSources(List<String> lines) {
        List<Source> sources = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.replaceAll("#.*", "").replaceAll("\\[[^]]*]", "").strip();
            String[] words = line.split("\\s+");
            if (words.length >= 3 && words[0].equals("deb")) {
                sources.add(new Source(words[1], List.of(words[2])));
            }
        }
        return sources;
    }

    /** Stanzas of {@code Field: value} lines separated by blank lines. */
    static List<Source> deb822Sources(String text) {
        List<Source> sources = new ArrayList<>();
        for (String stanza : text.split("\\n\\s*\\n")) {
            String types = field(stanza, "Types");
            String uris = field(stanza, "URIs");
            boolean enabled = !field(stanza, "Enabled").equalsIgnoreCase("no");
            if (enabled && Arrays.asList(types.split("\\s+")).contains("deb") && !uris.isBlank()) {
                sources.add(new Source(uris.split("\\s+")[0], List.of(field(stanza, "Suites").split("\\s+"))));
            }
        }
        return sources;
    }

    private static String field(String stanza, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return stanza.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip()).findFirst().orElse("");
    }
}
