package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Where points were lost the page shades a band and the line breaks: it does not cross the band. A server with
 * two seconds of history and a network away for five seconds make a gap of a known width.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PageGapIT {
    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    private static Object page(ChromeDriver driver, String expression) {
        return driver.executeScript("const p = window.seriesflowPage; return p ? " + expression + " : null;");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gapBand(ChromeDriver driver) {
        return (Map<String, Object>) driver.executeScript("const r = document.querySelector('#chart')"
                + ".shadowRoot.querySelector('rect.gap-marker');"
                + " return r && { x: r.x.baseVal.value, width: r.width.baseVal.value };");
    }

    private static String text(ChromeDriver driver, String expression) {
        Object value = page(driver, expression);
        return value == null ? "" : value.toString();
    }

    @Test
    void theLineBreaksWherePointsWereLost() {
        // Two seconds of history and five seconds away: the resume gets a gap of about three seconds.
        try (EmbeddedTomcat small = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.history-points", "40", "seriesflow.generators", "none"), Map.of());
             TcpProxy network = TcpProxy.to(small.port())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.get("http://127.0.0.1:" + network.port() + small.baseUri().getPath() + "?streams=demo");
                Awaits.await("60 points", Duration.ofSeconds(30), () -> PageChecks.held(driver, "demo") >= 60);
                network.down();
                long downAt = System.nanoTime();
                Awaits.await("five seconds away", Duration.ofSeconds(10),
                        () -> System.nanoTime() - downAt >= 5_000_000_000L);
                network.up();
                Awaits.await("the resume, its gap band and points after it", Duration.ofSeconds(30),
                        () -> ((Number) page(driver, "p.snapshot().gaps.length")).intValue() >= 1
                                && "live".equals(text(driver, "p.state")), () -> text(driver, "p.state"));
                long held = PageChecks.held(driver, "demo");
                Awaits.await("points after the gap", Duration.ofSeconds(20),
                        () -> PageChecks.held(driver, "demo") >= held + 20);

                // Paused, the chart stops scrolling: the band measured is where the screenshot finds it.
                driver.findElement(By.id("follow")).click();
                Awaits.await("following paused", Duration.ofSeconds(5),
                        () -> Boolean.FALSE.equals(page(driver, "p.snapshot().follow")));
                AtomicReference<Map<String, Object>> lastSeen = new AtomicReference<>();
                Map<String, Object> band = Awaits.awaitValue("the band to be drawn and to stand still",
                        Duration.ofSeconds(5), () -> {
                            Map<String, Object> seen = gapBand(driver);
                            return seen != null && seen.equals(lastSeen.getAndSet(seen)) ? seen : null;
                        },
                        () -> text(driver, "JSON.stringify({ gaps: p.snapshot().gaps, plot: p.snapshot().plot })"));
                double x = ((Number) band.get("x")).doubleValue();
                int from = (int) Math.ceil(x) + 3;
                int to = (int) Math.floor(x + ((Number) band.get("width")).doubleValue()) - 3;
                assertTrue(to - from >= 20, "a band about three seconds wide: " + band);
                ChartPixels pixels = ChartPixels.capture(driver, driver.findElement(By.id("chart")));
                assertEquals(0, pixels.span(ChartPixels.BLUE, from, to).columns(), "no line across the gap " + band);
                assertTrue(pixels.span(ChartPixels.BLUE, 0, from).columns() > 10, "the line before it");
                assertTrue(pixels.span(ChartPixels.BLUE, to, 10_000).columns() > 10, "and after it");
            } finally {
                driver.quit();
            }
        }
    }

}
