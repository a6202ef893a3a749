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
import java.util.concurrent.atomic.AtomicReference;
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
                long loading = System.nanoTime();
                driver.get(base + "?streams=demo,hall");
                WebElement chart = driver.findElement(By.id("chart"));
                AtomicReference<ChartPixels.Span> demo = new AtomicReference<>();
                Awaits.await("the demo line to span 60% of the plot, 2.5 s after the first load", remaining(loading,
                        FIRST_LOAD), () -> {
                            demo.set(ChartPixels.capture(driver, chart).span(ChartPixels.BLUE));
                            return demo.get().share() >= 0.6;
                        }, () -> String.valueOf(demo.get()));
                long firstLoadMillis = (System.nanoTime() - loading) / 1_000_000;

                long switching = System.nanoTime();
                PageRoughEdgesIT.chooseWindow(driver, "300000");
                double demoShare = (System.currentTimeMillis() - demoStart) / 300_000.0;
                AtomicReference<ChartPixels> five = new AtomicReference<>();
                Awaits.await("the five-minute window to fill within 1 s", remaining(switching, WINDOW_SWITCH), () -> {
                    five.set(ChartPixels.capture(driver, chart));
                    return five.get().span(ChartPixels.RED).share() >= 0.9
                            && five.get().span(ChartPixels.BLUE).share() >= demoShare - 0.03;
                }, () -> five.get() == null ? "" : five.get().span(ChartPixels.RED) + " "
                        + five.get().span(ChartPixels.BLUE) + " (demo's history: " + demoShare + ")");
                long switchMillis = (System.nanoTime() - switching) / 1_000_000;
                System.out.printf(Locale.ROOT, "PageFirstSecondIT: 30 s window %.0f%% drawn %d ms after the first "
                        + "load; 5 min window filled in %d ms (hall %.0f%%, demo %.0f%% = its whole history)%n",
                        100 * demo.get().share(), firstLoadMillis, switchMillis,
                        100 * five.get().span(ChartPixels.RED).share(),
                        100 * five.get().span(ChartPixels.BLUE).share());

                assertEquals(List.of("Server room temperature (°C)", "Hall (°F)"), driver.findElements(
                        By.cssSelector("#legend li")).stream().map(WebElement::getText).toList());
                assertEquals(List.of(), HeadlessChromium.consoleErrors(driver), "console errors");
            } finally {
                driver.quit();
            }
        }
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
