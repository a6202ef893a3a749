package io.seriesflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebianMirrorTest {
    @Test
    void readsOneLineSourcesIgnoringOptionsCommentsAndSourcePackages() {
        List<DebianMirror.Source> sources = DebianMirror.oneLineSources(List.of(
                "# deb http://commented.invalid/debian bookworm main",
                "deb-src http://src.invalid/debian bookworm main",
                "deb [arch=amd64 signed-by=/k.gpg] http://mirror.invalid/debian bookworm main # trailing",
                ""));
        assertEquals(List.of(new DebianMirror.Source("http://mirror.invalid/debian", List.of("bookworm"))), sources);
    }

    @Test
    void readsDeb822StanzasSkippingDisabledOnesAndKeepingEverySuite() {
        String text = """
                Types: deb
                # a comment line
                URIs: http://mirror.invalid/debian http://second.invalid/debian
                Suites: bookworm bookworm-updates
                Components: main

                Types: deb
                URIs: http://off.invalid/debian
                Suites: bookworm
                Enabled: no

                Types: deb-src
                URIs: http://src.invalid/debian
                Suites: bookworm
                """;
        assertEquals(List.of(new DebianMirror.Source("http://mirror.invalid/debian",
                List.of("bookworm", "bookworm-updates"))), DebianMirror.deb822Sources(text));
    }
}
