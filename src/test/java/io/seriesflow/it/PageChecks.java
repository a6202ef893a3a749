package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.HeadlessChromium;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** A short browser check of the page against any deployment: it goes live and draws the chosen streams. */
final class PageChecks {
    private PageChecks() {
    }

    static void pageShowsLiveSeries(URI base, List<String> streams) {
        HeadlessChromium.requireInstalled();
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            driver.get(base + "?streams=" + String.join(",", streams));
            Awaits.await("every stream to hold points on the page", Duration.ofSeconds(40), () -> streams.stream()
                    .allMatch(stream -> held(driver, stream) >= 10));
            assertEquals("live", driver.findElement(By.id("connection-state")).getText());
            assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
        } finally {
            driver.quit();
        }
    }

    /** Points the page holds for a stream (0 before the page has started). */
    static long held(ChromeDriver driver, String stream) {
        Object value = driver.executeScript("const p = window.seriesflowPage; if (!p) return 0;"
                + " const s = p.snapshot().streams[arguments[0]]; return s ? s.held : 0;", stream);
        return ((Number) value).longValue();
    }
}
