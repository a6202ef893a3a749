package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.Command;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.Http;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The client library as its documentation offers it: served by the WAR under {@code js/}, downloaded and used
 * from Node by {@code examples/node/subscribe.mjs} (with the ws package, and with the WebSocket built into Node,
 * which Node 20 has behind {@code --experimental-websocket} and Node 22 by default), and the 20-line example page
 * in Chromium.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientLibraryIT {
    /** What the documentation says to download; the library's own imports, no more. */
    static final List<String> LIBRARY = List.of("seriesflow-client.js", "backoff.js", "binary-frame.js",
            "event-stream-socket.js");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedTomcat tomcat;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "20",
                "seriesflow.generators", "none"), Map.of());
        // Under the project, so that Node finds the ws package the lockfile installs (as a user's npm install would).
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "client-library")), "node-");
        Files.copy(Path.of("examples", "node", "subscribe.mjs"), work.resolve("subscribe.mjs"));
        Path library = Files.createDirectories(work.resolve("seriesflow"));
        for (String file : LIBRARY) {
            HttpResponse<String> served = Http.get(HTTP, tomcat.baseUri().resolve("js/" + file));
            assertEquals(200, served.statusCode(), "js/" + file + " is served");
            Files.writeString(library.resolve(file), served.body());
        }
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @Test
    void theNodeExampleReceivesConsecutivePointsWithTheWsPackage() {
        assertConsecutive(Command.run(Duration.ofSeconds(60), List.of("node", "subscribe.mjs",
                tomcat.baseUri().toString(), "demo", "120"), Map.of(), work).requireSuccess(), 120);
    }

    @Test
    void theNodeExampleReceivesConsecutivePointsWithNodesBuiltInWebSocket() {
        String output = Command.run(Duration.ofSeconds(60), List.of("node", "--experimental-websocket",
                "--no-warnings", "-e", "if (!globalThis.WebSocket) process.exit(3)"), Map.of(), work).output();
        assertEquals("", output.strip(), "this Node has a built-in WebSocket (Node 22, or 20 behind the flag)");
        assertConsecutive(Command.run(Duration.ofSeconds(60), List.of("node", "--experimental-websocket",
                "--no-warnings", "subscribe.mjs", tomcat.baseUri().toString(), "demo", "120"), Map.of(), work)
                .requireSuccess(), 120);
    }

    /** Lines "demo seq ts value", consecutive seqs, exactly as many as asked for. */
    private static void assertConsecutive(String output, int wanted) {
        List<Long> seqs = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("demo ")) {
                seqs.add(Long.parseLong(line.split(" ")[1]));
            }
        }
        assertEquals(wanted, seqs.size(), output);
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), output);
        }
        assertTrue(output.contains("live"), "the state was reported: " + output);
    }

    @Test
    void theExamplePageShowsTheStreamInChromium() throws IOException {
        HeadlessChromium.requireInstalled();
        assertTrue(Files.readAllLines(Path.of("webapp", "examples", "minimal.js")).size() <= 25,
                "the example stays small");
        ChromeDriver driver = HeadlessChromium.start(800, 600);
        try {
            driver.get(tomcat.baseUri() + "examples/minimal.html");
            Awaits.await("the example page to count 50 points", Duration.ofSeconds(30),
                    () -> Long.parseLong(driver.findElement(By.id("count")).getText()) >= 50,
                    () -> driver.findElement(By.tagName("body")).getText());
            assertEquals("live", driver.findElement(By.id("state")).getText());
            assertTrue(driver.findElement(By.id("value")).getText().matches("-?\\d+\\.\\d\\d"));
            assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
        } finally {
            driver.quit();
        }
    }
}
