package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.ChildProcess;
import io.seriesflow.testkit.Containers;
import io.seriesflow.testkit.FreePort;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.TomcatDistribution;
import jakarta.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The chart's first second, as a new user sees it: the WAR in the real Tomcat 11 distribution with 40 s of demo
 * history, and the page in headless Chromium. 2.5 s after the first load the line spans most of the plot; after
 * switching to five minutes the window holds everything the server has within 1 s.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PageFirstSecondIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of(System.getProperty("seriesflow.work", "target/it-work"));
    private static final String TOKEN = "first-second";
    private static final Duration FIRST_LOAD = Duration.ofMillis(2_500);
    private static final Duration WINDOW_SWITCH = Duration.ofSeconds(1);

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void theWholeWindowIsDrawnAtOnce() {
        int port = FreePort.find();
        TomcatDistribution tomcat = TomcatDistribution.prepare(WORK, port, "ROOT");
        try (ChildProcess process = tomcat.start(Map.of("SERIESFLOW_PUBLISH_TOKEN", TOKEN))) {
            URI base = tomcat.baseUri();
            Containers.awaitReady(process, HTTP, base.resolve("api/info"), Duration.ofSeconds(60));
            long demoStart = Awaits.awaitValue("the demo's first point", Duration.ofSeconds(20),
                    () -> firstTimestamp(base), () -> "");
            Awaits.await("40 s of demo history", Duration.ofSeconds(60), Duration.ofSeconds(1),
                    () -> System.currentTimeMillis() - demoStart >= 40_000, () -> "");
            publishSixMinutesOfHall(base);

            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                // Polled on the page's own account of what it drew (cheap), then confirmed on a screenshot.
                long loading = System.nanoTime();
                driver.get(base + "?streams=demo,hall");
                WebElement chart = driver.findElement(By.id("chart"));
                Awaits.await("the demo line to span 60% of the plot, 2.5 s after the first load",
                        remaining(loading, FIRST_LOAD), () -> drawnShare(driver, "demo") >= 0.6,
                        () -> String.valueOf(drawnShare(driver, "demo")));
                long firstLoadMillis = (System.nanoTime() - loading) / 1_000_000;
                ChartPixels.Span demo = ChartPixels.capture(driver, chart).span(ChartPixels.BLUE);
                assertTrue(demo.share() >= 0.6, "the drawn line spans 60% of the plot: " + demo);

                long switching = System.nanoTime();
                PageRoughEdgesIT.chooseWindow(driver, "300000");
                double demoShare = (System.currentTimeMillis() - demoStart) / 300_000.0;
                Awaits.await("the five-minute window to fill within 1 s", remaining(switching, WINDOW_SWITCH),
                        () -> drawnShare(driver, "hall") >= 0.9 && drawnShare(driver, "demo") >= demoShare - 0.03,
                        () -> drawnShare(driver, "hall") + " " + drawnShare(driver, "demo") + " (demo's history: "
                                + demoShare + ")");
                long switchMillis = (System.nanoTime() - switching) / 1_000_000;
                ChartPixels five = ChartPixels.capture(driver, chart);
                assertTrue(five.span(ChartPixels.RED).share() >= 0.9, "hall fills the window: "
                        + five.span(ChartPixels.RED));
                assertTrue(five.span(ChartPixels.BLUE).share() >= demoShare - 0.03, "demo all of its history: "
                        + five.span(ChartPixels.BLUE) + " of " + demoShare);
                System.out.printf(Locale.ROOT, "PageFirstSecondIT: 30 s window %.0f%% drawn %d ms after the first "
                        + "load; 5 min window filled in %d ms (hall %.0f%%, demo %.0f%% = its whole history)%n",
                        100 * demo.share(), firstLoadMillis, switchMillis, 100 * five.span(ChartPixels.RED).share(),
                        100 * five.span(ChartPixels.BLUE).share());

                assertEquals(List.of("Server room temperature (°C)", "Hall (°F)"), driver.findElements(
                        By.cssSelector("#legend li")).stream().map(WebElement::getText).toList());
                assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
            } finally {
                driver.quit();
            }
        }
    }

    /**
     * The share of the plot's width the stream's points cover, as drawn: the points the chart holds (they reach the
     * chart in the frame that draws them), within the visible domain; 0 before the page runs.
     */
    private static double drawnShare(ChromeDriver driver, String stream) {
        Object share = driver.executeScript("const p = window.seriesflowPage; if (!p) return 0;"
                + " const s = p.snapshot(); const d = s.plot.domain; const series = s.streams[arguments[0]];"
                + " if (!series || series.firstX === null) return 0;"
                + " return Math.max(0, Math.min(series.lastX, d[1]) - Math.max(series.firstX, d[0])) / (d[1] - d[0]);",
                stream);
        return ((Number) share).doubleValue();
    }

    private static Duration remaining(long startNanos, Duration budget) {
        return Duration.ofNanos(Math.max(0, startNanos + budget.toNanos() - System.nanoTime()));
    }

    /** The timestamp of the oldest point the server holds of demo, or null before the first. */
    private static Long firstTimestamp(URI base) {
        HttpResponse<String> response = Http.get(HTTP, base.resolve("api/streams/demo/points?since=0&limit=1"));
        if (response.statusCode() != 200) {
            return null;
        }
        JsonArray points = Http.json(response).getJsonArray("points");
        return points.isEmpty() ? null : points.getJsonArray(0).getJsonNumber(1).longValue();
    }

    /** Six minutes of a hall thermometer, one point every 200 ms up to now, with its display name and unit. */
    private static void publishSixMinutesOfHall(URI base) {
        long now = System.currentTimeMillis();
        StringBuilder csv = new StringBuilder("ts,value\n");
        for (int i = 1_800; i >= 0; i--) {
            csv.append(now - 200L * i).append(',').append(String.format(Locale.ROOT, "%.2f",
                    19 + 2 * Math.sin(i / 150.0))).append('\n');
        }
        HttpResponse<String> response = Http.post(HTTP, base.resolve("api/streams/hall/points?displayName=Hall"
                + "&unit=%C2%B0F"), "text/csv", TOKEN, csv.toString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"count\":1801"), response.body());
    }
}
