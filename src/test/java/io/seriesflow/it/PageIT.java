package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/** The page in headless Chromium against the WAR under a non-root context path: what a person would see. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PageIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void thePageConnectsAndDrawsLivePointsWithoutConsoleErrors() throws IOException {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50"),
                Map.of())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 800);
            try {
                driver.get(tomcat.baseUri().toString());

                Awaits.await("the page to count 20 points", Duration.ofSeconds(30), () -> received(driver) >= 20,
                        () -> "received " + received(driver) + ", state "
                                + driver.findElement(By.id("connection-state")).getText());
                assertEquals("live", driver.findElement(By.id("connection-state")).getText());
                assertTrue(Integer.parseInt(driver.findElement(By.id("points-received")).getText()) > 0);

                WebElement chart = driver.findElement(By.id("chart"));
                BufferedImage first = ImageIO.read(new ByteArrayInputStream(chart.getScreenshotAs(OutputType.BYTES)));
                int drawn = pixelsUnlike(first, first.getRGB(first.getWidth() - 3, 3));
                assertTrue(drawn > 500, "the chart area holds drawn pixels: " + drawn);

                long held = ((Number) driver.executeScript("return window.seriesflowPage.held")).longValue();
                Awaits.await("more points to arrive", Duration.ofSeconds(10), () -> received(driver) >= held + 10);
                BufferedImage later = ImageIO.read(new ByteArrayInputStream(chart.getScreenshotAs(OutputType.BYTES)));
                assertNotEquals(0, differingPixels(first, later), "the chart keeps moving");

                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve("page.png"), driver.getScreenshotAs(OutputType.BYTES));
                List<String> errors = HeadlessChromium.consoleErrors(driver);
                assertEquals(List.of(), errors, "console errors");
            } finally {
                driver.quit();
            }
        }
    }

    private static long received(ChromeDriver driver) {
        Object value = driver.executeScript("return window.seriesflowPage ? window.seriesflowPage.received : 0");
        return ((Number) value).longValue();
    }

    /** Pixels that differ from the background colour (sampled in a corner of the plot). */
    private static int pixelsUnlike(BufferedImage image, int background) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (distance(image.getRGB(x, y), background) > 60) {
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

    private static int distance(int rgb1, int rgb2) {
        int dr = Math.abs(((rgb1 >> 16) & 0xff) - ((rgb2 >> 16) & 0xff));
        int dg = Math.abs(((rgb1 >> 8) & 0xff) - ((rgb2 >> 8) & 0xff));
        int db = Math.abs((rgb1 & 0xff) - (rgb2 & 0xff));
        return dr + dg + db;
    }
}
