package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page in headless Chromium where WebSockets are blocked: every WebSocket the page opens fails before the
 * handshake completes, as behind a proxy that refuses {@code Upgrade}. The page must fall back to Server-Sent
 * Events, say so, and keep the chart moving, resuming without duplicates.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SseFallbackPageIT {
    /** Installed before the page's own scripts run: a WebSocket that never connects, counted for the test. */
    private static final String BLOCK_WEBSOCKETS = """
            window.__blockedWebSockets = 0;
            window.WebSocket = class BlockedWebSocket {
              constructor(url) {
                window.__blockedWebSockets++;
                this.url = url;
                this.readyState = 0;
                setTimeout(() => {
                  this.readyState = 3;
                  this.onerror?.(new Event('error'));
                  this.onclose?.({ code: 1006, reason: '' });
                }, 20);
              }
              send() { throw new Error('not open'); }
              close() {}
            };
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void withWebSocketsBlockedThePageMovesOverServerSentEventsAndSaysSo() throws IOException {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.generators", "sine:sine:50"), Map.of())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", BLOCK_WEBSOCKETS));
                driver.get(tomcat.baseUri() + "?streams=demo,sine");
                Awaits.await("both series to hold 40 points", Duration.ofSeconds(40),
                        () -> PageChecks.held(driver, "demo") >= 40 && PageChecks.held(driver, "sine") >= 40,
                        () -> driver.findElement(By.id("connection-state")).getText());
                String status = driver.findElement(By.id("connection-state")).getText();
                assertTrue(status.startsWith("live") && status.contains("Server-Sent Events"), status);
                assertEquals("sse", driver.executeScript("return window.seriesflowPage.transport"));
                assertTrue(((Number) driver.executeScript("return window.__blockedWebSockets")).intValue() >= 1,
                        "the page did try a WebSocket first");
                assertEquals(1, Http.getJson(HTTP, tomcat.baseUri().resolve("api/info")).getJsonObject("clients")
                        .getInt("connections"), "one event stream carries both streams");

                WebElement chart = driver.findElement(By.id("chart"));
                byte[] first = chart.getScreenshotAs(OutputType.BYTES);
                long held = PageChecks.held(driver, "demo");
                Awaits.await("more points", Duration.ofSeconds(10), () -> PageChecks.held(driver, "demo") >= held + 20);
                assertNotEquals(0, differingPixels(first, chart.getScreenshotAs(OutputType.BYTES)),
                        "the chart keeps moving");

                driver.findElement(By.cssSelector("#streams input[value='sine']")).click();
                long demoBefore = PageChecks.held(driver, "demo");
                Awaits.await("points after changing the streams (a new event stream, resumed)",
                        Duration.ofSeconds(20), () -> PageChecks.held(driver, "demo") >= demoBefore + 20);
                @SuppressWarnings("unchecked")
                List<String> keys = (List<String>) driver.executeScript(
                        "return window.seriesflowPage.snapshot().streams.demo.keys");
                assertEquals(keys.size(), new HashSet<>(keys).size(), "no duplicate (epoch, seq)");
                assertEquals(0L, ((Number) driver.executeScript("return window.seriesflowPage.duplicates"))
                        .longValue(), "the resumed event stream repeated nothing");
                assertEquals(0L, ((Number) driver.executeScript(
                        "return window.seriesflowPage.snapshot().gaps.length")).longValue(), "and lost nothing");
                assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
            } finally {
                driver.quit();
            }
        }
    }

    private static int differingPixels(byte[] a, byte[] b) throws IOException {
        var first = ImageIO.read(new ByteArrayInputStream(a));
        var second = ImageIO.read(new ByteArrayInputStream(b));
        int count = 0;
        for (int y = 0; y < Math.min(first.getHeight(), second.getHeight()); y++) {
            for (int x = 0; x < Math.min(first.getWidth(), second.getWidth()); x++) {
                if (first.getRGB(x, y) != second.getRGB(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }
}
