package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.TcpProxy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The page in headless Chromium against the WAR under a non-root context path: what a person would see. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PageIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void aDroppedConnectionIsResumedInTheSameEpochWithoutAHoleOrADuplicate() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.generators", "sine:sine:50"), Map.of());
             TcpProxy network = TcpProxy.to(tomcat.port())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.get("http://127.0.0.1:" + network.port() + tomcat.baseUri().getPath() + "?streams=demo,sine");
                Awaits.await("both series to hold 40 points", Duration.ofSeconds(30),
                        () -> PageChecks.held(driver, "demo") >= 40 && PageChecks.held(driver, "sine") >= 40,
                        () -> state(driver));
                String epoch = keys(driver, "demo").get(0).split(":")[0];

                network.cutAll();
                Awaits.await("the page to reconnect and resume", Duration.ofSeconds(30),
                        () -> reconnects(driver) >= 1 && "live".equals(pageString(driver, "state")),
                        () -> state(driver));
                long heldAfter = PageChecks.held(driver, "demo");
                Awaits.await("points after the reconnect", Duration.ofSeconds(20),
                        () -> PageChecks.held(driver, "demo") >= heldAfter + 20, () -> state(driver));

                for (String stream : List.of("demo", "sine")) {
                    List<String> keys = keys(driver, stream);
                    assertTrue(keys.stream().allMatch(k -> k.startsWith(keys.get(0).split(":")[0] + ":")),
                            stream + ": one epoch throughout");
                    assertEquals(keys.size(), new HashSet<>(keys).size(), stream + " holds no duplicate");
                }
                assertTrue(keys(driver, "demo").get(0).startsWith(epoch + ":"), "still the first epoch");
                assertEquals(0L, ((Number) page(driver, "p.duplicates")).longValue(), "no duplicate had to be dropped");
                assertEquals(0L, gapCount(driver), "no gap, announced or detected: the history covered the outage");
                assertTrue(network.accepted() >= 2, "the page really connected again");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void twoSeriesRenderAndAServerRestartIsResumedWithAGapMarker() throws IOException {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.generators", "sine:sine:50"), Map.of())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.get(tomcat.baseUri() + "?streams=demo,sine");
                Awaits.await("both series to hold 40 points", Duration.ofSeconds(30),
                        () -> PageChecks.held(driver, "demo") >= 40 && PageChecks.held(driver, "sine") >= 40,
                        () -> state(driver));
                assertEquals("live", driver.findElement(By.id("connection-state")).getText());
                assertEquals(2, driver.findElements(By.cssSelector("#legend li")).size(), "legend lists both");

                WebElement chart = driver.findElement(By.id("chart"));
                BufferedImage first = image(chart);
                assertTrue(coloredPixels(first) > 500, "two coloured lines are drawn: " + coloredPixels(first));
                long before = received(driver);
                Awaits.await("more points", Duration.ofSeconds(10), () -> received(driver) >= before + 20);
                assertNotEquals(0, differingPixels(first, image(chart)), "the chart keeps moving");

                tomcat.redeploy();
                Awaits.await("the page to reconnect and receive again", Duration.ofSeconds(40),
                        () -> reconnects(driver) >= 1 && "live".equals(pageString(driver, "state"))
                                && gapCount(driver) >= 1 && PageChecks.held(driver, "demo") >= 60, () -> state(driver));
                Awaits.await("points after the restart on both series", Duration.ofSeconds(20),
                        () -> keysAfterRestart(driver, "demo") >= 20 && keysAfterRestart(driver, "sine") >= 20,
                        () -> state(driver));
                for (String stream : List.of("demo", "sine")) {
                    List<String> keys = keys(driver, stream);
                    Set<String> unique = new HashSet<>(keys);
                    assertEquals(keys.size(), unique.size(), stream + " holds no duplicate (epoch, seq)");
                }
                assertEquals(0L, ((Number) page(driver, "p.duplicates")).longValue(), "no duplicate had to be dropped");
                assertTrue(driver.findElements(By.cssSelector("#chart")).size() == 1);
                Number markers = (Number) driver.executeScript("return document.querySelector('#chart')"
                        + ".shadowRoot.querySelectorAll('rect.gap-marker').length");
                assertTrue(markers.intValue() >= 1, "a gap marker is drawn over the outage");

                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve("page.png"), driver.getScreenshotAs(OutputType.BYTES));
                assertEquals(List.of(), HeadlessChromium.consoleErrors(driver).stream()
                        .filter(e -> !e.contains("ERR_CONNECTION_REFUSED") && !e.contains("/ws")
                                && !e.contains("/sse?")).toList(),
                        "console errors other than the expected failed reconnects during the outage");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void aThousandPointsPerSecondKeepsTheFrameRateAndTheWindowBounded() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.generators",
                "fast:sine:1", "seriesflow.history-points", "1000"), Map.of())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.get(tomcat.baseUri() + "?streams=fast");
                Awaits.await("the fast stream", Duration.ofSeconds(30), () -> PageChecks.held(driver, "fast") >= 1_000,
                        () -> state(driver));
                driver.executeScript("window.__frames = 0; (function count() { window.__frames++;"
                        + " requestAnimationFrame(count); })();");
                long receivedBefore = received(driver);
                long start = System.nanoTime();
                long maxHeld = 0;
                double maxSpan = 0;
                while (System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
                    maxHeld = Math.max(maxHeld, PageChecks.held(driver, "fast"));
                    maxSpan = Math.max(maxSpan, ((Number) page(driver, "p.snapshot().streams.fast.spanMs"))
                            .doubleValue());
                    long sampled = System.nanoTime();
                    Awaits.await("a second between samples", Duration.ofSeconds(3),
                            () -> System.nanoTime() - sampled >= 1_000_000_000L);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double fps = ((Number) driver.executeScript("return window.__frames")).doubleValue() / seconds;
                double pointsPerSecond = (received(driver) - receivedBefore) / seconds;
                System.out.printf("PageIT: %.1f frames/s at %.0f points/s, at most %d points held%n", fps,
                        pointsPerSecond, maxHeld);
                assertTrue(pointsPerSecond >= 900, "the page received ~1000 points/s: " + pointsPerSecond);
                // Headless Chromium draws WebGL in software, so this follows the machine's speed: 54-57 frames/s
                // on one day and 46-51 on the next on the same 2-core machine with the same page (where the page
                // with a 10 points/s stream made 60). 40 frames/s is still smooth; the bar catches a page that
                // does per-point work on the main thread.
                assertTrue(fps >= 40, "the page kept at least 40 frames/s: " + fps);
                long retention = ((Number) page(driver, "p.snapshot().streams.fast.retentionMs")).longValue();
                assertTrue(maxSpan <= retention + 1_000, "held points span at most the retained window ("
                        + retention + " ms): " + maxSpan);
                assertTrue(maxHeld <= 100_000, "and stay under the per-series cap: " + maxHeld);
                assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
            } finally {
                driver.quit();
            }
        }
    }

    private static Object page(ChromeDriver driver, String expression) {
        return driver.executeScript("const p = window.seriesflowPage; return p ? " + expression + " : null;");
    }

    private static String pageString(ChromeDriver driver, String property) {
        Object value = page(driver, "p." + property);
        return value == null ? "" : value.toString();
    }

    private static long received(ChromeDriver driver) {
        Object value = page(driver, "p.received");
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static long reconnects(ChromeDriver driver) {
        Object value = page(driver, "p.reconnects");
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static long gapCount(ChromeDriver driver) {
        Object value = page(driver, "p.snapshot().gaps.length");
        return value == null ? 0 : ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(ChromeDriver driver, String stream) {
        return (List<String>) page(driver, "p.snapshot().streams['" + stream + "'].keys");
    }

    /** Points held from the newest epoch (after the restart), by their "epoch:seq" keys. */
    private static long keysAfterRestart(ChromeDriver driver, String stream) {
        List<String> keys = keys(driver, stream);
        if (keys == null || keys.isEmpty()) {
            return 0;
        }
        String newest = keys.get(keys.size() - 1).split(":")[0];
        String oldest = keys.get(0).split(":")[0];
        return newest.equals(oldest) ? 0 : keys.stream().filter(k -> k.startsWith(newest + ":")).count();
    }

    private static String state(ChromeDriver driver) {
        Object value = page(driver, "JSON.stringify({state: p.state, received: p.received, reconnects: p.reconnects,"
                + " gaps: p.snapshot().gaps.length, held: Object.fromEntries(Object.entries(p.snapshot().streams)"
                + ".map(([k, v]) => [k, v.held]))})");
        return String.valueOf(value);
    }

    private static BufferedImage image(WebElement element) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
    }

    /** Pixels whose colour is clearly not grey: the series lines (axes and background are grey or white). */
    private static int coloredPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }
}
